/**
 * `npm run bench:robustness`: recall per transformation and false matches, at the shipped threshold, for License
 * Lens's matching (work variants + query flips, trimming and quality gate) side by side with plain blockhash-core on
 * the full image. Registered: the even-numbered half of ../shared/corpus/works. Distractors: the other half and
 * every image of corpus/distractors, transparent ones also composited onto flat colours and gradients.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { hammingHex } from '../src/lib/match/hash/bits.js';
import { blockhashExact } from '../src/lib/match/hash/fingerprint.js';
import { MATCH_THRESHOLD, VARIANT_THRESHOLD } from '../src/lib/match/indexing/fingerprint-index.js';
import { Matcher } from '../src/lib/match/matcher.js';
import { MIN_QUALITY } from '../src/lib/match/hash/quality.js';
import { queryOf, type Query } from '../src/lib/match/hash/query.js';
import type { MatchHints, RegistryContent } from '../src/lib/types.js';
import { workFingerprints } from '../src/lib/match/hash/work-fingerprints.js';
import { detailHints } from '../src/lib/match/hints/hints.js';
import { traitsOf } from '../src/lib/match/hints/work-traits.js';
import { chromaThumb } from '../src/lib/match/detail/chroma-thumb.js';
import { reduceForHash } from '../src/lib/match/hash/fingerprint.js';
import { toBase64url } from '../src/lib/base64url.js';
import { detailQueryOf } from '../src/lib/match/detail/detail-verify.js';
import { fromBase64url } from '../src/lib/base64url.js';
import { verifyRotated } from '../src/lib/match/detail/rotate/detail-rotate.js';
import { pageAspectOf } from '../src/lib/match/detail/detail-geometry.js';
import { decodeForHash, decodeFull, imageSizeOf } from '../src/node/decode.js';
import { VARIANTS } from './lib/variants.js';
import { GEOMETRY_VARIANTS } from './lib/geometry-variants.js';
import { corpusSets, unrelatedImages, WORKS_DIR } from './lib/corpus-sets.js';
import { missReport } from './lib/misses.js';
import { coloursMade, recompressionOf, type Recompression } from './lib/colour-truth.js';
import { requireShared, SHARED_DIR } from './shared.js';

requireShared('bench:robustness');
const LIMIT = Number(process.env.BENCH_LIMIT ?? Infinity);
/** BENCH_VARIANTS=<regex>: only the transformations whose name matches (distractors still all run); results are then not written. */
const ONLY = process.env.BENCH_VARIANTS ? new RegExp(process.env.BENCH_VARIANTS) : null;
/** BENCH_DISTRACTORS=0: recall only (for iterating on a method); nothing is written. */
const DISTRACTORS = process.env.BENCH_DISTRACTORS !== '0';
/** BENCH_MISSES=1: print every missed copy with its nearest distances. */
const MISSES = process.env.BENCH_MISSES === '1';
/** BENCH_HINT_MISSES=1: print every matched copy whose hints say a kind not made, or leave a made kind unnamed. */
const HINT_MISSES = process.env.BENCH_HINT_MISSES === '1';
/** BENCH_NO_DETAIL=1: register without detail thumbnails (the matcher before detail-verify.ts), for the "old" column. */
const NO_DETAIL = process.env.BENCH_NO_DETAIL === '1';
/** BENCH_NO_TRAITS=1: register without the work's pixel size, chroma grid and file hash (a list made before them). */
const NO_TRAITS = process.env.BENCH_NO_TRAITS === '1';
/** The SHA-256 of a file's bytes: the registered work's (a list's works[].sha256) and each copy's, as the extension hashes what it fetched. */
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PORTRAITS = Math.min(Number(process.env.BENCH_PORTRAITS ?? 24), LIMIT);
const { registered, portraits, unrelated } = await corpusSets(PORTRAITS, LIMIT);
/** Registered items: the works (set "works") and the portrait-like composites (set "portraits"). */
const items = [
  ...registered.map((f) => ({ id: f, set: 'works' as const, bytes: null as Buffer | null })),
  ...portraits.map((p) => ({ id: p.id, set: 'portraits' as const, bytes: p.bytes as Buffer | null })),
];
const itemBytes = async (it: (typeof items)[number]) => it.bytes ?? (await sharp(WORKS_DIR + it.id).toBuffer());

const print0 = (px: Parameters<typeof reduceForHash>[0]) => toBase64url(chromaThumb(reduceForHash(px)));
const t0 = performance.now();
const content: RegistryContent = {
  creators: [{ id: 'c', source: 'own', name: 'Bench' }],
  models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
  works: [],
};
const baseline = new Map<string, string>();
let registerMs = 0;
for (const it of items) {
  const f = it.id;
  // The registered file is the bytes the variants start from (the "original" row serves exactly these).
  const file = await itemBytes(it);
  const px = await decodeFull(file);
  const traits = NO_TRAITS ? {} : { size: await imageSizeOf(file), chroma: print0(px), sha256: sha256(file) };
  const t = performance.now();
  const print = workFingerprints(px);
  registerMs += performance.now() - t;
  content.works.push({ id: f, source: 'own', modelId: 'm', fingerprints: print.fingerprints, ...(NO_DETAIL ? {} : { detail: print.detail, ...traits }), addedAt: '' });
  baseline.set(f, blockhashExact(px));
}
const fpsPerWork = content.works.reduce((n, w) => n + w.fingerprints.length, 0) / content.works.length;
console.log(`registered ${registered.length} works + ${portraits.length} portraits, ${fpsPerWork.toFixed(2)} fingerprints per work, ${(registerMs / items.length).toFixed(0)} ms per work`);

/** Radius pairs (whole image / crops, flips, trims) compared; SHIPPED is what the extension uses. */
const SHIPPED = `${MATCH_THRESHOLD}/${VARIANT_THRESHOLD}`;
/** BENCH_RADII=all adds 20/12, 20/20 and 16/16 (each radius pair runs the whole matcher again on every image). */
/** BENCH_RADII=shipped runs the shipped pair alone (for iterating on a method). */
const THRESHOLDS = process.env.BENCH_RADII === 'shipped' ? [SHIPPED] : [...new Set([SHIPPED, '20/14', '20/18', '24/16', ...(process.env.BENCH_RADII === 'all' ? ['20/12', '20/20', '16/16'] : [])])];
const matchers = new Map(THRESHOLDS.map((t) => { const [a, b] = t.split('/').map(Number); return [t, new Matcher(content, undefined, a, b)]; }));
const wholeT = (t: string) => Number(t.split('/')[0]);
/** Work ids (file names) a query matches. */
const matchedIds = (t: string, q: Query) => {
  const m = matchers.get(t)!;
  return new Map([...m.nearest(q)].map(([w, best]) => [m.packed.workIds[w]!, best]));
};
const baselineMatches = (hash: string, t: string) => [...baseline].filter(([, b]) => hammingHex(b, hash) <= wholeT(t)).map(([id]) => id);

// Variants of the registered works.
let lookupMs = 0;
let hintMs = 0;
let timed = 0;
/** Best intersection-over-union of a true rectangle with the regions the hints name. */
function bestIou(truth: { x: number; y: number; width: number; height: number }, h: MatchHints): number {
  let best = 0;
  for (const c of h.changes) {
    if (c.kind !== 'redrawn') continue;
    for (const r of c.regions) {
      const ix = Math.max(0, Math.min(r.x + r.width, truth.x + truth.width) - Math.max(r.x, truth.x));
      const iy = Math.max(0, Math.min(r.y + r.height, truth.y + truth.height) - Math.max(r.y, truth.y));
      const inter = ix * iy;
      best = Math.max(best, inter / (r.width * r.height + truth.width * truth.height - inter));
    }
  }
  return best;
}
interface Row { name: string; group: string; set: string; n: number; ours: Record<string, number>; base: Record<string, number>; wrong: number; hints: Record<string, number>; shown: number; right: number; made: number; named: number; ious: number[]; identical: number; unmoved: number }
const rows: Row[] = [];
/** Per registered item, what recompression moves (lib/colour-truth.ts), made on the first colour copy. */
const recompression = new Map<string, Recompression>();
for (const v of [...VARIANTS, ...GEOMETRY_VARIANTS].filter((x) => !ONLY || ONLY.test(x.name))) for (const set of ['works', 'portraits'] as const) {
  const row: Row = { name: v.name, group: v.group, set, n: 0, ours: {}, base: {}, wrong: 0, hints: {}, shown: 0, right: 0, made: 0, named: 0, ious: [], identical: 0, unmoved: 0 };
  for (const t of THRESHOLDS) row.ours[t] = row.base[t] = 0;
  for (const [i, it] of items.entries()) {
    if (it.set !== set) continue;
    const f = it.id;
    const src = await itemBytes(it);
    const { width, height } = await sharp(src).metadata();
    const bytes = await v.make(src, width!, height!, i);
    const q: Query = { ...queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), sha256: sha256(bytes) };
    const full = blockhashExact(await decodeFull(bytes));
    row.n++;
    // A colour change that moved the copy no more than recompression does made nothing to name (lib/colour-truth.ts).
    let made = v.made;
    if (made.includes('colours')) {
      const r = recompression.get(f) ?? (await recompressionOf(src));
      recompression.set(f, r);
      if (!(await coloursMade(bytes, r))) [made, row.unmoved] = [made.filter((k) => k !== 'colours'), row.unmoved + 1];
    }
    for (const t of THRESHOLDS) {
      const found = matchedIds(t, q);
      if (found.has(f)) row.ours[t]!++;
      else if (MISSES && t === SHIPPED) console.log(`  miss ${v.name} | ${f}: ${missReport(q, content.works[i]!)}`);
      if (t === SHIPPED) {
        // Cost of the hints: the matcher's lookup timed again, and the hint step alone for the matched work.
        const best = found.get(f);
        const thumb = content.works[i]!.detail;
        if (best && thumb && q.detail) {
          const t0 = performance.now();
          matchers.get(t)!.nearest(q);
          lookupMs += performance.now() - t0;
          const dq = detailQueryOf(q.detail);
          const inside = q.trimmedDetail ? detailQueryOf(q.trimmedDetail) : null;
          const t1 = performance.now();
          if (dq) detailHints(q, dq, inside, fromBase64url(thumb), best.via, traitsOf(content.works[i]));
          hintMs += performance.now() - t1;
          timed++;
        }
        row.wrong += [...found.keys()].filter((k) => k !== f).length;
        for (const h of found.get(f)?.hints?.changes.map((c) => c.kind) ?? []) row.hints[h] = (row.hints[h] ?? 0) + 1;
        const hints = found.get(f)?.hints;
        if (hints) {
          const kinds = new Set(hints.changes.map((c) => c.kind));
          // A colour change that made nothing leaves a re-encoded copy: "same image" or, from its file hash, "resized or recompressed".
          const ok = new Set([...v.made, ...(v.allow ?? []), ...(made === v.made ? [] : (['same', 'resized'] as const))]);
          row.shown += kinds.size;
          row.right += [...kinds].filter((k) => ok.has(k)).length;
          row.made += made.length;
          row.named += made.filter((k) => kinds.has(k)).length;
          if (hints.identical) row.identical++;
          if (v.region) row.ious.push(bestIou(v.region(width!, height!, i), hints));
          if (HINT_MISSES && ([...kinds].some((k) => !ok.has(k)) || made.some((k) => !kinds.has(k)))) console.log(`  hint ${set === 'portraits' ? '[portraits] ' : ''}${v.name} | ${f}: ${[...kinds].join('+')}`);
        }
      }
      if (hammingHex(baseline.get(f)!, full) <= wholeT(t)) row.base[t]!++;
    }
  }
  rows.push(row);
  const pct = (k: number) => ((100 * k) / row.n).toFixed(1);
  if (!row.n) continue;
  const iou = row.ious.length ? ` IoU>=0.5 ${pct(row.ious.filter((x) => x >= 0.5).length * row.n / row.ious.length)}% of ${row.ious.length}` : '';
  const unmoved = row.unmoved ? ` (colours not made on ${row.unmoved}: moved no more than JPEG q30 moves them)` : '';
  console.log(`${(set === 'portraits' ? `[portraits] ${v.name}` : v.name).padEnd(44)} hints right ${((100 * row.right) / Math.max(1, row.shown)).toFixed(1)}%  changes named ${((100 * row.named) / Math.max(1, row.made)).toFixed(1)}%${iou}${unmoved}${row.identical ? `  identical to the registered file ${row.identical}` : ''}`);
  console.log(`${(set === 'portraits' ? `[portraits] ${v.name}` : v.name).padEnd(44)} ours ${pct(row.ours[SHIPPED]!).padStart(5)}%  blockhash ${pct(row.base[SHIPPED]!).padStart(5)}%  hints ${JSON.stringify(row.hints)}  by radius ${THRESHOLDS.map((t) => `${t}:${pct(row.ours[t]!)}`).join(' ')}`);
}

console.log(`hint cost: ${(hintMs / Math.max(1, timed)).toFixed(3)} ms per matched image (detailHints alone, ${timed} matches), lookup with hints ${(lookupMs / Math.max(1, timed)).toFixed(3)} ms; hints are ${((100 * hintMs) / Math.max(1e-9, lookupMs)).toFixed(1)}% of the lookup`);

// Distractors: unrelated works, every distractor file, transparent ones also on colours and gradients.
const distractorFiles = DISTRACTORS ? unrelated.slice(0, LIMIT * 10) : [];
const false_: Record<string, number> = Object.fromEntries(THRESHOLDS.map((t) => [t, 0]));
const falseBase: Record<string, number> = Object.fromEntries(THRESHOLDS.map((t) => [t, 0]));
const falseExamples: string[] = [];
let distractorImages = 0;
let lowQuality = 0;
/** The highest rotated score (detail-rotate.ts, the page's aspect) of any distractor against any registered item. */
let topRotated = { score: -1, pair: '' };
const thumbs = content.works.map((w) => (w.detail ? fromBase64url(w.detail) : null));
const check = async (label: string, bytes: Buffer) => {
  distractorImages++;
  // With its natural size, as a page image has (pixels.ts): the stages that use the page's aspect run.
  const q: Query = { ...queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), sha256: sha256(bytes) };
  const dq = q.detail && q.quality >= MIN_QUALITY ? detailQueryOf(q.detail) : null;
  if (dq) thumbs.forEach((thumb, w) => {
    const r = thumb ? verifyRotated(dq.luma, thumb, pageAspectOf(q.size)) : null;
    if (r && r.score > topRotated.score) topRotated = { score: r.score, pair: `${label} -> ${content.works[w]!.id} at ${r.angle}°` };
  });
  if (q.quality < MIN_QUALITY) lowQuality++;
  const full = blockhashExact(await decodeFull(bytes));
  for (const t of THRESHOLDS) {
    const found = matchedIds(t, q);
    false_[t]! += found.size;
    if (t === SHIPPED && found.size) {
      falseExamples.push(`${label} -> ${[...found].map(([k, b]) => `${k} ${b.distance} ${b.hints?.changes.map((c) => c.kind).join('+')}`).join(',')} (quality ${q.quality})`);
      console.log(`false match: ${falseExamples.at(-1)}`);
    }
    falseBase[t]! += baselineMatches(full, t).length;
  }
};
for await (const { label, bytes } of unrelatedImages(distractorFiles)) await check(label, bytes);

const groups = [...new Set(rows.map((r) => `${r.set === 'portraits' ? '[portraits] ' : ''}${r.group}`))].map((g) => {
  const rs = rows.filter((r) => `${r.set === 'portraits' ? '[portraits] ' : ''}${r.group}` === g);
  const n = rs.reduce((a, r) => a + r.n, 0);
  return { group: g, ours: +((100 * rs.reduce((a, r) => a + r.ours[SHIPPED]!, 0)) / n).toFixed(1), blockhash: +((100 * rs.reduce((a, r) => a + r.base[SHIPPED]!, 0)) / n).toFixed(1), ...Object.fromEntries(THRESHOLDS.map((t) => [`ours ${t}`, +((100 * rs.reduce((a, r) => a + r.ours[t]!, 0)) / n).toFixed(1)])) };
});
const result = {
  threshold: MATCH_THRESHOLD,
  variantThreshold: VARIANT_THRESHOLD,
  registeredWorks: registered.length,
  registeredPortraits: portraits.length,
  portraits: portraits.map((p) => `${p.id}: ${p.figure.slice(SHARED_DIR.length)}`),
  fingerprintsPerWork: +fpsPerWork.toFixed(2),
  registerMsPerWork: +(registerMs / items.length).toFixed(1),
  distractorImages,
  distractorPairs: distractorImages * items.length,
  lowQualityDistractors: lowQuality,
  falseMatches: { ours: false_, blockhash: falseBase },
  groups,
  transformations: rows.map((r) => ({ name: r.name, set: r.set, n: r.n, coloursNotMade: r.unmoved, recallOurs: r.ours, recallBlockhash: r.base, wrongWorkMatches: r.wrong, hints: r.hints, hintsRight: r.shown ? +(r.right / r.shown).toFixed(3) : null, changesNamed: r.made ? +(r.named / r.made).toFixed(3) : null, iouAtLeastHalf: r.ious.length ? +(r.ious.filter((x) => x >= 0.5).length / r.ious.length).toFixed(3) : null })),
  seconds: Math.round((performance.now() - t0) / 1000),
};
console.log(`false matches over ${result.distractorPairs} distractor x registered pairs: ours ${JSON.stringify(false_)}, blockhash ${JSON.stringify(falseBase)} (by threshold)`);
if (topRotated.pair) console.log(`highest rotated score of a distractor against a registered item (every pair, the page's aspect): ${topRotated.score.toFixed(3)}, ${topRotated.pair}`);
console.table(groups);
// The hints' confusion table: per transformation (made kinds in brackets), how often each kind was said, and the
// shares of shown kinds that were right and of made kinds that were named.
const kindsSeen = [...new Set(rows.flatMap((r) => Object.keys(r.hints)))].sort();
console.table(
  rows
    .filter((r) => r.n)
    .map((r) => ({
      transformation: `${r.set === 'portraits' ? '[p] ' : ''}${r.name.slice(0, 28)} [${[...VARIANTS, ...GEOMETRY_VARIANTS].find((v) => v.name === r.name)!.made.join('+')}]`,
      right: r.shown ? `${((100 * r.right) / r.shown).toFixed(1)}%` : '-',
      named: r.made ? `${((100 * r.named) / r.made).toFixed(1)}%` : '-',
      ...Object.fromEntries(kindsSeen.map((k) => [k, r.hints[k] ?? 0])),
    })),
);
/** BENCH_OUT=<name>: write results/<name>.json even for a partial run (e.g. variants and distractors run as two processes). */
const OUT = process.env.BENCH_OUT ?? (LIMIT === Infinity && !ONLY && DISTRACTORS ? (NO_DETAIL ? 'robustness-no-detail' : 'robustness') : null);
if (OUT) writeFileSync(new URL(`results/${OUT}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
