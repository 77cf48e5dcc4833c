/** The small CLI commands: keygen, verify, check. build has its own module. */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fetchList, generateKeyPair, keyFingerprint, toBackup, verifyList } from '../lib/list/index.js';
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
    ? await fetchList(source, {}, { checkRedirects: true }).then((r) => {
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
