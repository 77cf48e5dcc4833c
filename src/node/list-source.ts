/** A signed list's text from a file or an http(s) address, for the CLI and the Node library. */
import { readFile } from 'node:fs/promises';
import { fetchList } from '../lib/list/index.js';

export async function readListText(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    // Every redirect hop checked (main's CLI rule: Node has no session rules to stop a hop to a local address).
    const r = await fetchList(source, {}, { checkRedirects: true });
    if (r.status !== 'ok') throw new Error(`${source}: the server answered 304`);
    return r.text;
  }
  try {
    return await readFile(source, 'utf8');
  } catch (e) {
    throw new Error(`cannot read list ${source}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
