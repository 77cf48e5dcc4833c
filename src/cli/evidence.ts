/**
 * `license-lens evidence verify report.json --list list.json [--png file] [--fetch]`: checks a report a
 * subscriber's extension saved (lib/evidence) against the creator's own signed list. --fetch downloads the image
 * at the report's URL again and matches it against the list the way `check` does: is it still that work?
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { verifyEvidence, type EvidenceCheck } from '../lib/evidence/index.js';
import type { LicenseList } from '../lib/list/index.js';
import { hammingHex, type Query } from '../lib/match/index.js';
import { mergeLists } from '../core/index.js';
import { args, CliError, readText } from './util.js';

export async function evidence(argv: string[], loadList: (source: string) => Promise<{ list: LicenseList; keyFingerprint: string }>): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') throw new CliError('usage: license-lens evidence verify <report.json> --list list.json [--png file.png] [--fetch]');
  const { values, positionals } = args(rest, { list: { type: 'string' }, png: { type: 'string' }, fetch: { type: 'boolean' } });
  if (positionals.length !== 1 || !values.list) throw new CliError('usage: license-lens evidence verify <report.json> --list list.json [--png file.png] [--fetch]');
  const file = positionals[0]!;
  let json: unknown;
  try {
    json = JSON.parse(await readText(file, 'report'));
  } catch (e) {
    throw e instanceof CliError ? e : new CliError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const { list, keyFingerprint } = await loadList(values.list); // its signature is checked here (verifyList)
  const named = (json as { image?: { png?: { file?: unknown } } })?.image?.png?.file;
  const pngPath = values.png ?? (typeof named === 'string' && !/[/\\]/.test(named) ? join(dirname(file), named) : undefined);
  const png = pngPath && existsSync(pngPath) ? new Uint8Array(await readFile(pngPath)) : undefined;
  const r = await verifyEvidence(json, list, keyFingerprint, png);
  const checks: EvidenceCheck[] = [{ what: 'list signature', ok: true, detail: `"${list.name}" verifies, signed by ${keyFingerprint}` }, ...r.checks];
  if (r.evidence && !png && r.evidence.image.png) checks.push({ what: 'png', ok: true, detail: `${r.evidence.image.png.file} not found next to the report: not checked` });
  if (r.evidence && values.fetch) checks.push(...(await refetch(r.evidence, list)));
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: ${c.detail}`);
  const ok = checks.every((c) => c.ok);
  console.log(ok ? `${file}: the report checks out against "${list.name}"` : `${file}: the report does NOT check out`);
  return ok ? 0 : 1;
}

type Named = { image: { url: string; fingerprint?: string }; pageUrl: string; work: { id: string }; identical?: true };

/**
 * The image at the report's URL, fetched and matched now through the same Checker `check` uses (its query, the bytes'
 * SHA-256 included, is the extension's); when the report says it was the registered file, whether its bytes still are
 * (the list's works[].sha256).
 */
async function refetch(e: Named, list: LicenseList): Promise<EvidenceCheck[]> {
  const what = 'image now';
  if (!/^https?:\/\//i.test(e.image.url)) return [{ what, ok: false, detail: 'the image URL is not http(s): it cannot be fetched again' }];
  const { Checker, reduceForHash } = await import('../core/node.js'); // sharp: only here and in check
  const checker = new Checker(mergeLists([list]), reduceForHash);
  let query: Query;
  try {
    const res = await fetch(e.image.url, { headers: { Referer: e.pageUrl } });
    if (!res.ok) return [{ what, ok: false, detail: `${e.image.url}: HTTP ${res.status}` }];
    query = await checker.query(new Uint8Array(await res.arrayBuffer()));
  } catch (err) {
    return [{ what, ok: false, detail: `${e.image.url}: ${err instanceof Error ? err.message : String(err)}` }];
  }
  const hit = checker.sources.matcher.match(query, e.pageUrl).find((m) => m.workId === `list:${list.id}/${e.work.id}`);
  const same = e.image.fingerprint ? `; its fingerprint is ${hammingHex(e.image.fingerprint, query.fingerprint)} of 256 bits from the reported one` : '';
  const exact = hit?.hints?.identical ? '; its bytes are the registered file\'s' : '';
  const now: EvidenceCheck = hit
    ? { what, ok: true, detail: `the image at the URL still matches work ${e.work.id} (${hit.distance} of 256 bits, verdict ${hit.verdict})${same}${exact}` }
    : { what, ok: false, detail: `the image at the URL no longer matches work ${e.work.id}${same}` };
  if (!e.identical) return [now];
  const registered = list.works.find((w) => w.id === e.work.id)?.sha256;
  const identical = !!registered && registered === query.sha256;
  return [now, { what: 'identical now', ok: identical, detail: identical ? 'the image at the URL is the registered file, byte for byte (SHA-256 as the list names it)' : registered ? 'the image at the URL is no longer the registered file\'s bytes (re-saved or replaced since the report)' : 'the list names no file hash for this work' }];
}
