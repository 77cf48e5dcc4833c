/**
 * `license-lens registry build|revoke`. build: signed lists (files, folders, a sources file of URLs) into a registry
 * folder any static host serves; lists are read one at a time, downloads use the subscription limits (fetchList),
 * and a broken source is skipped with its reason in the report. revoke: a publisher's signed key revocation.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fetchList, keyFingerprint } from '../lib/list/index.js';
import { buildRegistry, DETAIL_BITS_MAX, DETAIL_BITS_MIN, keyPlanFor, RebuildNeeded, signRevocation, verifyManifest, type BuildInput, type PreviousEdition, type RegistryManifest, type WriteParts } from '../lib/registry/index.js';
import { checkDomainOnline } from './registry-domain.js';
import { fileWriter, sha256Hex } from './registry-files.js';
import { withTempSpill } from './registry-spill.js';
import { RangeThreads } from './registry-threads.js';
import { args, CliError, readKey, readText } from './util.js';

async function listFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) throw new CliError(`no such file or folder: ${p}`);
    if (s.isDirectory()) out.push(...(await readdir(p)).filter((f) => extname(f) === '.json').sort().map((f) => join(p, f)));
    else out.push(p);
  }
  return out;
}

/** Sources file: one list URL a line; blank lines and # comments ignored. */
export function sourceUrls(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

/** A revocation statement among the input files (parsed), or undefined for anything else (a list: checked later). */
function revocationIn(text: string): unknown {
  // Not parsed when it cannot be one (no escape could spell the format either): a list is read in full once, later.
  if (!text.includes('revocation') && !text.includes('\\')) return undefined;
  try {
    const json = JSON.parse(text) as { format?: unknown };
    return json?.format === 'license-lens/revocation' ? json : undefined;
  } catch {
    return undefined;
  }
}

async function* inputs(files: string[], urls: string[]): AsyncGenerator<BuildInput> {
  for (const f of files) yield { source: f, text: await readText(f, 'list') };
  for (const url of urls) {
    try {
      const r = await fetchList(url, {}, { checkRedirects: true }); // every hop checked, as the CLI's other downloads
      yield { source: url, listUrl: url, text: r.status === 'ok' ? r.text : { error: 'the server answered 304 Not Modified to a fresh request' } };
    } catch (e) {
      yield { source: url, text: { error: e instanceof Error ? e.message : String(e) } };
    }
  }
}

export async function registryBuild(argv: string[]): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' }, sources: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' }, previous: { type: 'string' }, date: { type: 'string' }, offline: { type: 'boolean' }, rebuild: { type: 'boolean' }, 'probe-flips': { type: 'string' }, 'detail-bits': { type: 'string' }, threads: { type: 'string' } });
  if (!values.out || (!positionals.length && !values.sources)) throw new CliError('usage: license-lens registry build <lists or folders> [--sources sources.txt] --key registry-key.json --out <dir> [--previous <dir>/manifest.json [--rebuild]] [--probe-flips 0|1|2] [--detail-bits 16-24] [--threads N]');
  const flips = values['probe-flips'];
  if (flips !== undefined && !/^[012]$/.test(flips)) throw new CliError('--probe-flips must be 0, 1 or 2 (docs/registry.md: agreement against requests)');
  const detailBits = values['detail-bits'];
  if (detailBits !== undefined && !(/^\d+$/.test(detailBits) && Number(detailBits) >= DETAIL_BITS_MIN && Number(detailBits) <= DETAIL_BITS_MAX)) throw new CliError(`--detail-bits must be a whole number from ${DETAIL_BITS_MIN} to ${DETAIL_BITS_MAX} (docs/registry.md: detail keys)`);
  // Shard writing runs on this many threads (registry-threads.ts); 1: in this thread. More than 4 gains little: the lists are read on one.
  const threads = values.threads === undefined ? Math.min(4, availableParallelism()) : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new CliError('--threads must be a whole number from 1 to 64');
  const key = await readKey(values.key);
  const out = values.out;
  let previous: RegistryManifest | undefined;
  if (values.previous) {
    const r = await verifyManifest(await readFile(values.previous), key.publicKey);
    if (!r.ok) throw new CliError(`${values.previous}: ${r.error}`);
    previous = r.value;
  }
  // Without --probe-flips or --detail-bits a next edition keeps its registry's plan (another plan means a full edition, not a delta).
  const plan = flips === undefined && detailBits === undefined && previous ? previous.keyPlan : keyPlanFor(Number(flips ?? 0), detailBits === undefined ? undefined : Number(detailBits));
  // Revocation statements among the inputs are found first, so they count for every list (a list is read again later, one at a time).
  const revocations: unknown[] = [];
  const files: string[] = [];
  for (const f of await listFiles(positionals)) {
    const r = revocationIn(await readText(f, 'file'));
    if (r) revocations.push(r);
    else files.push(f);
  }
  const urls = values.sources ? sourceUrls(await readText(values.sources, 'sources file')) : [];
  const put = fileWriter(out);
  const write = async (path: string, bytes: Uint8Array) => put(path, bytes);
  // The summary streams from the spill to its file: it is the one file as large as the layer.
  const writeParts: WriteParts = async (path, parts) => {
    if (existsSync(join(out, path))) return; // content-addressed: an existing file is this file
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), parts());
  };
  const created = values.date ? new Date(values.date) : new Date();
  if (!Number.isFinite(created.getTime())) throw new CliError('--date must be an ISO 8601 date');
  // A delta goes into the previous edition's own folder, which holds the layers it keeps.
  const delta: PreviousEdition | undefined = previous && values.previous && !values.rebuild && resolve(dirname(values.previous)) === resolve(out) ? { manifest: previous, get: (p) => readFile(join(out, p)) } : undefined;
  const run = (d: PreviousEdition | undefined) =>
    withTempSpill(async (spill) => {
      const pool = threads > 1 ? new RangeThreads(threads, out) : undefined;
      try {
        return await buildRegistry(
          inputs(files, urls),
          { name: values.name ?? 'License Lens registry', key, created, previous, delta: d, revocations, plan, checkDomain: values.offline ? undefined : checkDomainOnline, spill, writeParts, sha256: sha256Hex, ranges: pool && { run: pool.run, inFlight: pool.size } },
          write,
        );
      } finally {
        await pool?.close();
      }
    });
  const { manifest, report } = await run(delta).catch((e: unknown) => {
    if (!(e instanceof RebuildNeeded)) throw e;
    console.log(`a full build instead of a delta: ${e.message}`);
    return run(undefined);
  });
  await writeFile(join(out, 'build-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`registry edition ${manifest.edition}: ${manifest.counts.publishers} publishers, ${manifest.counts.works} works, ${manifest.counts.fingerprints} fingerprints, ${manifest.counts.shards} shards, ${manifest.counts.packs} packs; summary ${report.summaryBytes} bytes`);
  if (report.kind === 'delta') console.log(`delta: ${manifest.layers.length} layers; ${report.newSummaryBytes ? `the new layer's summary is ${report.newSummaryBytes} bytes` : 'no new works, no new layer'}`);
  for (const name of report.kept) console.log(`kept from the previous edition (not among the inputs): ${name}`);
  for (const s of report.skipped) console.log(`skipped ${s.source}: ${s.reason}`);
  for (const d of report.domains) console.log(`${d.publisher}: ${d.domain} ${d.verified ? 'verified' : `not verified (${d.reason})`}`);
  console.log(`registry key fingerprint: ${await keyFingerprint(key.publicKey)}\nwrote ${out}/manifest.json and ${out}/build-report.json`);
  return report.skipped.length ? 1 : 0;
}

export async function registryRevoke(argv: string[]): Promise<number> {
  const { values } = args(argv, { key: { type: 'string' }, out: { type: 'string' }, reason: { type: 'string' } });
  if (!values.out) throw new CliError('usage: license-lens registry revoke --key key.json --out revocation.json [--reason text]');
  const key = await readKey(values.key);
  await writeFile(values.out, `${JSON.stringify(await signRevocation(key, new Date(), values.reason), null, 2)}\n`);
  console.log(`wrote ${values.out}: revokes key ${await keyFingerprint(key.publicKey)}; give it to every registry that lists you`);
  return 0;
}
