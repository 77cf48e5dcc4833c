/**
 * For iterating on the change hints: makes bench:robustness's registered items and altered copies once, with the
 * benchmark's own code (its works, portraits and variants, the same seeds), stores the work records and queries as
 * JSON in BENCH_REPLAY_DIR (default /tmp/license-lens-hints), and on later runs only matches them again at the
 * shipped radii and scores the hints as bench:robustness does (hints right, changes named), in seconds.
 * BENCH_VARIANTS=<regex> limits the transformations, BENCH_LIMIT / BENCH_PORTRAITS the sets (each combination is
 * its own cache file), BENCH_HINT_MISSES=1 lists each wrong hint. Not a substitute for the benchmark: no blockhash
 * column, no timing, no distractors.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { Matcher } from '../src/lib/match/matcher.js';
import { queryOf, type Query } from '../src/lib/match/hash/query.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { chromaThumb } from '../src/lib/match/detail/chroma-thumb.js';
import { reduceForHash } from '../src/lib/match/hash/fingerprint.js';
import { toBase64url } from '../src/lib/base64url.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import type { RegistryContent, Work } from '../src/lib/types.js';
import { VARIANTS } from './lib/variants.js';
import { GEOMETRY_VARIANTS } from './lib/geometry-variants.js';
import { corpusSets, WORKS_DIR } from './lib/corpus-sets.js';
import { coloursMade, recompressionOf } from './lib/colour-truth.js';
import { requireShared } from './shared.js';

requireShared('hint-replay');
const DIR = process.env.BENCH_REPLAY_DIR ?? '/tmp/license-lens-hints';
mkdirSync(DIR, { recursive: true });
const LIMIT = Number(process.env.BENCH_LIMIT ?? Infinity);
const PORTRAITS = Math.min(Number(process.env.BENCH_PORTRAITS ?? 24), LIMIT);
const ONLY = process.env.BENCH_VARIANTS ? new RegExp(process.env.BENCH_VARIANTS) : null;
const MISSES = process.env.BENCH_HINT_MISSES === '1';
const ALL = [...VARIANTS, ...GEOMETRY_VARIANTS];
const tag = `${LIMIT}-${PORTRAITS}`;

interface Item { id: string; set: 'works' | 'portraits'; bytes: Buffer | null }
let sets: Awaited<ReturnType<typeof corpusSets>> | null = null;
const items = async (): Promise<Item[]> => {
  sets ??= await corpusSets(PORTRAITS, LIMIT);
  return [...sets.registered.map((f) => ({ id: f, set: 'works' as const, bytes: null })), ...sets.portraits.map((p) => ({ id: p.id, set: 'portraits' as const, bytes: p.bytes }))];
};
const itemBytes = async (it: Item) => it.bytes ?? (await sharp(WORKS_DIR + it.id).toBuffer());

const worksFile = `${DIR}/works-${tag}.json`;
if (!existsSync(worksFile)) {
  const works: (Work & { set: string })[] = [];
  for (const it of await items()) {
    const bytes = await itemBytes(it);
    const px = await decodeFull(bytes);
    const print = workFingerprints(px);
    works.push({ id: it.id, set: it.set, source: 'own', modelId: 'm', fingerprints: print.fingerprints, detail: print.detail, size: await imageSizeOf(bytes), chroma: toBase64url(chromaThumb(reduceForHash(px))), addedAt: '' });
  }
  writeFileSync(worksFile, JSON.stringify(works));
}
const works: (Work & { set: string })[] = JSON.parse(readFileSync(worksFile, 'utf8'));
const content: RegistryContent = {
  creators: [{ id: 'c', source: 'own', name: 'Bench' }],
  models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
  works,
};
const m = new Matcher(content);

const total = { shown: 0, right: 0, made: 0, named: 0 };
for (const v of ALL.filter((x) => !ONLY || ONLY.test(x.name))) {
  const file = `${DIR}/${Buffer.from(v.name).toString('base64url')}-${tag}.json`;
  if (!existsSync(file)) {
    const qs: Query[] = [];
    for (const [i, it] of (await items()).entries()) {
      const src = await itemBytes(it);
      const { width, height } = await sharp(src).metadata();
      const bytes = await v.make(src, width!, height!, i);
      qs.push(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)));
    }
    writeFileSync(file, JSON.stringify(qs));
  }
  const qs: Query[] = JSON.parse(readFileSync(file, 'utf8'));
  // Which copies a colour change moved more than recompression (lib/colour-truth.ts), cached beside the queries.
  const truthFile = file.replace(/\.json$/, '.colours.json');
  if (v.made.includes('colours') && !existsSync(truthFile)) {
    const moved: boolean[] = [];
    for (const [i, it] of (await items()).entries()) {
      const src = await itemBytes(it);
      const { width, height } = await sharp(src).metadata();
      moved.push(await coloursMade(await v.make(src, width!, height!, i), await recompressionOf(src)));
    }
    writeFileSync(truthFile, JSON.stringify(moved));
  }
  const moved: boolean[] | null = v.made.includes('colours') ? JSON.parse(readFileSync(truthFile, 'utf8')) : null;
  for (const set of ['works', 'portraits']) {
    const r = { n: 0, found: 0, shown: 0, right: 0, made: 0, named: 0 };
    qs.forEach((q, i) => {
      const w = works[i]!;
      if (w.set !== set) return;
      r.n++;
      const best = new Map([...m.nearest(q)].map(([k, b]) => [m.packed.workIds[k]!, b])).get(w.id);
      if (!best) return;
      r.found++;
      if (!best.hints) return;
      const kinds = new Set(best.hints.changes.map((c) => c.kind));
      const made = moved && !moved[i] ? v.made.filter((k) => k !== 'colours') : v.made;
      // A colour change that made nothing leaves a re-encoded copy: "same image" or, from its file hash, "resized or recompressed".
      const ok = new Set([...v.made, ...(v.allow ?? []), ...(made === v.made ? [] : (['same', 'resized'] as const))]);
      r.shown += kinds.size;
      r.right += [...kinds].filter((k) => ok.has(k)).length;
      r.made += made.length;
      r.named += made.filter((k) => kinds.has(k)).length;
      if (MISSES && ([...kinds].some((k) => !ok.has(k)) || made.some((k) => !kinds.has(k)))) console.log(`  hint ${set === 'portraits' ? '[portraits] ' : ''}${v.name} | ${w.id}: ${[...kinds].join('+')}`);
    });
    if (!r.n) continue;
    for (const k of ['shown', 'right', 'made', 'named'] as const) total[k] += r[k];
    const name = (set === 'portraits' ? `[portraits] ${v.name}` : v.name).padEnd(44);
    console.log(`${name} found ${r.found}/${r.n}  hints right ${((100 * r.right) / Math.max(1, r.shown)).toFixed(1)}%  changes named ${((100 * r.named) / Math.max(1, r.made)).toFixed(1)}%`);
  }
}
console.log(`all rows: right ${total.right}/${total.shown}, named ${total.named}/${total.made}`);
