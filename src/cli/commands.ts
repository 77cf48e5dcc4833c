/** The small CLI commands: keygen, verify, check. build has its own module. */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fetchList, generateKeyPair, keyFingerprint, listToRegistry, toBackup, verifyList } from '../lib/list/index.js';
import { Matcher, type Query, queryOf } from '../lib/match/index.js';
import { args, CliError, readText } from './util.js';

export async function keygen(argv: string[]): Promise<number> {
  const { values } = args(argv, { out: { type: 'string' }, force: { type: 'boolean' } });
  if (!values.out) throw new CliError('--out key.json is required');
  if (existsSync(values.out) && !values.force) throw new CliError(`${values.out} exists; pass --force to replace it (the old key is lost)`);
  const key = await generateKeyPair();
  await writeFile(values.out, `${JSON.stringify(toBackup(key), null, 2)}\n`, { mode: 0o600 });
  console.log(`wrote ${values.out}\nkey fingerprint: ${await keyFingerprint(key.publicKey)}\nKeep this file private and backed up: it signs your lists.`);
  return 0;
}

export async function loadList(source: string) {
  const text = /^https?:\/\//i.test(source)
    ? await fetchList(source).then((r) => {
        if (r.status !== 'ok') throw new CliError('the server answered 304');
        return r.text;
      })
    : await readText(source, 'list');
  const r = await verifyList(text);
  if (!r.ok) throw new CliError(`${source}: ${r.error}`);
  return r;
}

export async function verify(argv: string[]): Promise<number> {
  const { positionals } = args(argv, {});
  if (positionals.length !== 1) throw new CliError('usage: license-lens verify <list.json or URL>');
  const { list, keyFingerprint: fp } = await loadList(positionals[0]!);
  console.log(
    [
      `valid signed list "${list.name}" (id ${list.id}, version ${list.version}, updated ${list.updated})`,
      `publisher: ${list.publisher.name}${list.publisher.homepage ? ` <${list.publisher.homepage}>` : ''}`,
      `key fingerprint: ${fp}`,
      `${list.models.length} models, ${list.works.length} works, ${list.works.reduce((n, w) => n + w.fingerprints.length, 0)} fingerprints`,
    ].join('\n'),
  );
  return 0;
}

async function imageBytes(source: string): Promise<Uint8Array | string> {
  if (!/^https?:\/\//i.test(source)) {
    if (!existsSync(source)) throw new CliError(`no such image file: ${source}`);
    return source;
  }
  const res = await fetch(source);
  if (!res.ok) throw new CliError(`${source}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export async function check(argv: string[]): Promise<number> {
  const { values, positionals } = args(argv, { list: { type: 'string' }, page: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1 || !values.list) throw new CliError('usage: license-lens check <image-file-or-URL> --list list.json [--page URL]');
  const image = positionals[0]!;
  const { list } = await loadList(values.list);
  let query: Query;
  try {
    // The same query the extension builds (fingerprint, quality, fingerprint inside borders), from the same reduction.
    const { decodeForHash } = await import('../node/decode.js'); // sharp: only check needs it (main.ts)
    query = queryOf(await decodeForHash(await imageBytes(image)));
  } catch (e) {
    throw new CliError(`${image}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const page = values.page ?? (/^https?:\/\//i.test(image) ? image : '');
  const { fingerprint } = query;
  const matches = new Matcher(listToRegistry(list, 'list:cli')).match(query, page);
  if (values.json) {
    console.log(JSON.stringify({ image, fingerprint, page, matches }, null, 2));
  } else if (!matches.length) {
    console.log(`${image}: no match in "${list.name}" (fingerprint ${fingerprint})`);
  } else {
    console.log(`${image}: ${matches.length} match${matches.length > 1 ? 'es' : ''} in "${list.name}"`);
    for (const m of matches) {
      const work = m.workId.replace(/^list:cli\//, '');
      console.log(`  ${work}: ${m.model.name}${m.model.version ? ` ${m.model.version}` : ''} by ${m.creator.name}, ${m.distance} of 256 bits differ, verdict ${m.verdict}${page ? ` on ${page}` : ''}`);
    }
  }
  return matches.length ? 0 : 1;
}
