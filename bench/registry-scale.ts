/**
 * `npm run bench:registry`, part 2: a registry built from synthetic signed lists of SCALE fingerprints (default
 * 1M; REGISTRY_SCALES=1000000,10000000), in a child process so its time and peak memory are the build's alone.
 * Works: a random whole-image fingerprint and 26 crops, each that fingerprint with 1/8 of its bits flipped (about
 * the distance of a real crop), no thumbnail. Then per unmatched query (random fingerprints, and the real
 * distractor queries when recorded): requests, bytes, and what a shard request reveals.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPair, signList, toBackup, type ListDraft } from '../src/lib/list/index.js';
import type { Query } from '../src/lib/match/index.js';
import { bucketIdsFor, candidatesIn, loadSummary, queryKeys, verifyManifest, type Shard } from '../src/lib/registry/index.js';

const ROOT = process.env.REGISTRY_BENCH_DIR ?? '/tmp/license-lens-registry-bench';
const WORKS_PER_LIST = 5000;
const FPS = 27;

function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}
const hex = (w: Uint32Array) => Array.from(w, (x) => x.toString(16).padStart(8, '0')).join('');

function work(r: () => number): string[] {
  const whole = Uint32Array.from({ length: 8 }, r);
  const out = [hex(whole)];
  for (let c = 1; c < FPS; c++) {
    // Each bit flipped with probability 1/8 (three random words ANDed): about 32 bits, a real crop's distance.
    out.push(hex(whole.map((x) => (x ^ (r() & r() & r())) >>> 0)));
  }
  return out;
}

async function makeLists(dir: string, fingerprints: number) {
  if (existsSync(`${dir}/done`)) return;
  mkdirSync(dir, { recursive: true });
  const works = Math.ceil(fingerprints / FPS);
  const license = { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false };
  for (let l = 0; l * WORKS_PER_LIST < works; l++) {
    const r = rng(l + 1);
    const n = Math.min(WORKS_PER_LIST, works - l * WORKS_PER_LIST);
    const draft: ListDraft = {
      format: 'license-lens/list', formatVersion: 1, id: `l${l}`, name: `List ${l}`, version: 1, updated: '2026-12-01T00:00:00Z',
      publisher: { name: `Publisher ${l}` }, models: [{ id: 'm', name: 'M', license, licensees: [] }],
      works: Array.from({ length: n }, (_, i) => ({ id: `w${i}`, model: 'm', fingerprints: work(r) })),
    };
    writeFileSync(`${dir}/list-${String(l).padStart(5, '0')}.json`, JSON.stringify(await signList(draft, await generateKeyPair())));
  }
  writeFileSync(`${dir}/done`, '');
}

function buildChild(out: string, args: string[]) {
  const child = execFileSync(process.execPath, ['--import', 'tsx', new URL('./registry-build-child.ts', import.meta.url).pathname, out, `${ROOT}/key.json`, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(child.trim().split('\n').at(-1)!) as { seconds: number; cpuSeconds: number; maxRssMB: number };
}

/** Edition 2 as a delta: the same lists plus one new publisher's list of 1% new works. What a client holding edition 1 downloads: the manifest and the new layer's summary. */
async function deltaEdition(out: string, fingerprints: number) {
  const extra = `${ROOT}/delta-${fingerprints}`;
  mkdirSync(extra, { recursive: true });
  const works = Math.ceil(fingerprints / FPS / 100);
  const r = rng(424_242);
  const license = { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false };
  const draft: ListDraft = {
    format: 'license-lens/list', formatVersion: 1, id: 'new', name: 'New works', version: 1, updated: '2026-12-02T00:00:00Z',
    publisher: { name: 'New publisher' }, models: [{ id: 'm', name: 'M', license, licensees: [] }],
    works: Array.from({ length: works }, (_, i) => ({ id: `n${i}`, model: 'm', fingerprints: work(r) })),
  };
  writeFileSync(`${extra}/new.json`, JSON.stringify(await signList(draft, await generateKeyPair())));
  const before = JSON.parse(readFileSync(`${out}/manifest.json`, 'utf8')) as { layers: { summaryBytes: number }[] };
  const build = buildChild(out, ['--previous', `${out}/manifest.json`, `${ROOT}/lists-${fingerprints}`, extra]);
  const after = JSON.parse(readFileSync(`${out}/manifest.json`, 'utf8')) as { layers: { summaryBytes: number }[] };
  const held = after.layers.reduce((n, l) => n + l.summaryBytes, 0);
  const fresh = after.layers.slice(before.layers.length).reduce((n, l) => n + l.summaryBytes, 0);
  const manifestBytes = statSync(`${out}/manifest.json`).size;
  return { newWorks: works, build, layers: after.layers.length, summaryHeld: held, newLayerBytes: fresh, manifestBytes, downloadPct: +((100 * (fresh + manifestBytes)) / held).toFixed(2) };
}

export async function scale(fingerprints: number, realQueries: Query[]) {
  const lists = `${ROOT}/lists-${fingerprints}`;
  const out = `${ROOT}/registry-${fingerprints}`;
  await makeLists(lists, fingerprints);
  const key = await generateKeyPair();
  writeFileSync(`${ROOT}/key.json`, JSON.stringify(toBackup(key)));
  execFileSync('rm', ['-rf', out]);
  const build = buildChild(out, [lists]);
  console.log(`built ${fingerprints}: ${JSON.stringify(build)}`);
  const get = async (p: string) => new Uint8Array(readFileSync(`${out}/${p}`));
  const m = await verifyManifest(await get('manifest.json'), key.publicKey);
  if (!m.ok) throw new Error(m.error);
  const manifest = m.value;
  const summary = await loadSummary(manifest, get);
  const layer = manifest.layers[0]!;
  // Works per bucket, from a sample of shards.
  const shardFiles = readdirSync(`${out}/shards`);
  const sample = shardFiles.filter((_, i) => i % Math.max(1, Math.floor(shardFiles.length / 300)) === 0);
  const perShard = sample.map((f) => {
    const s = JSON.parse(readFileSync(`${out}/shards/${f}`, 'utf8')) as Shard;
    return { works: new Set(s.entries.map(([, p, slot]) => `${p}/${slot}`)).size, bytes: statSync(`${out}/shards/${f}`).size };
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const r = rng(999_999);
  const synthetic: Query[] = Array.from({ length: Number(process.env.REGISTRY_QUERIES ?? 20_000) }, () => ({ fingerprint: hex(Uint32Array.from({ length: 8 }, r)), quality: 80 }));
  const unmatched = (qs: Query[]) => {
    let none = 0;
    let requests = 0;
    let bytes = 0;
    for (const q of qs) {
      const keys = queryKeys(q, manifest.keyPlan);
      const shards = bucketIdsFor(summary, keys);
      if (!shards.length) none++;
      for (const s of shards) {
        requests++;
        const text = readFileSync(`${out}/shards/${s.shard}.json`, 'utf8');
        bytes += text.length;
        for (const ref of candidatesIn(JSON.parse(text), keys)) {
          requests++;
          bytes += statSync(`${out}/packs/${ref.pack}.json`).size;
        }
      }
    }
    return { queries: qs.length, noRequestPct: +((100 * none) / qs.length).toFixed(2), requestsPerImage: +(requests / qs.length).toFixed(4), bytesPerImage: Math.round(bytes / qs.length) };
  };
  const result = {
    fingerprints: manifest.counts.fingerprints,
    works: manifest.counts.works,
    build,
    keys: layer.keys,
    keysPerFingerprint: +(layer.keys / manifest.counts.fingerprints).toFixed(2),
    summaryBytes: layer.summaryBytes,
    summaryBytesPerFingerprint: +(layer.summaryBytes / manifest.counts.fingerprints).toFixed(2),
    bucketBits: layer.bucketBits,
    shards: manifest.counts.shards,
    worksPerBucket: { mean: Math.round(mean(perShard.map((s) => s.works))), min: Math.min(...perShard.map((s) => s.works)), max: Math.max(...perShard.map((s) => s.works)) },
    shardBytesMean: Math.round(mean(perShard.map((s) => s.bytes))),
    unmatchedSynthetic: unmatched(synthetic),
    unmatchedReal: realQueries.length ? unmatched(realQueries) : null,
  };
  console.log(JSON.stringify(result));
  const delta = await deltaEdition(out, fingerprints);
  console.log(`delta on ${fingerprints}: ${JSON.stringify(delta)}`);
  return { ...result, delta };
}
