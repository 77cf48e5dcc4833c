/**
 * A Matcher lookup's first phase (matcher.ts `prepare`): the hash probes, the word lookup and the detail-key stage,
 * which need no thumbnail, and the works whose thumbnails `finish` may then read (lookup-phases.ts). The word lookup
 * finds stored fingerprints agreeing with the query within PARTIAL_WORD_FLIPS bits on a whole word (two rows of the
 * 16x16 grid), sharing the plain probe's pass: whole-image ones that agree outside one rectangle are partial matches
 * (partial.ts); every one is a candidate for the detail stage. Pure.
 */
import { hexToWords } from './hash/bits.js';
import { type DetailQuery, LOOSE_RADIUS, MAX_VERIFIED } from './detail/detail-verify.js';
import type { FingerprintIndex, Hit } from './indexing/fingerprint-index.js';
import type { KeyStage } from './indexing/key-stage.js';
import { agreesOutside, comparePartial, PARTIAL_WORD_FLIPS } from './indexing/partial.js';
import type { PackedRegistry } from './indexing/packed-registry.js';
import { type Best, freeCandidates, nearer, plainness, type Prepared, probes, thumbsNeeded, viaOfProbe, type WordCandidate } from './lookup-phases.js';
import { ringlessKeys } from './detail/rotate/flat-corners.js';
import { FIT_KEY_BUDGET, fitKeys, TURNED_MAX, turnedKeys } from './detail/rotate/turned-keys.js';
import { turnedHashCandidates } from './detail/rotate/turned-lookup.js';
import { pageAspectOf } from './detail/detail-geometry.js';
import { outpaintKeys, WINDOW_MAX } from './detail/extend/window-keys.js';
import { hashComplexity, MIN_COMPLEXITY, MIN_QUALITY } from './hash/quality.js';
import type { Query } from './hash/query.js';

/** What `prepareLookup` reads of its Matcher. */
export interface PrepareContext {
  index: FingerprintIndex;
  packed: PackedRegistry;
  threshold: number;
  variantThreshold: number;
  anyDetail: boolean;
  keys: KeyStage;
  /** A query detail (base64url) parsed, or null. */
  parse(detail: string | undefined): DetailQuery | null;
}

/** The stages that need no thumbnail, and which thumbnails `finish` may then read. */
export function prepareLookup(m: PrepareContext, q: Query): Prepared {
  const best = new Map<number, Best>();
  const p: Prepared = { q, best, loose: new Map(), inBorders: new Set(), inBox: new Set(), keyed: new Map(), fitKeyed: new Map(), fitLoose: new Map(), needs: [] };
  if (q.quality < MIN_QUALITY) return p;
  /** Works a looser hash radius or a word agreement found: candidates for the detail comparison. */
  const loose = p.loose;
  /** Works the trimmed query matched: only those are also compared inside the query's borders. */
  const inBorders = p.inBorders;
  const dq = m.anyDetail ? m.parse(q.detail) : null;
  // Hits beyond the thresholds only feed `loose`, which only the detail stage reads: without it, no probe looks past them.
  const loosely = (r: number) => (dq ? Math.max(LOOSE_RADIUS, r) : r);
  // The word lookup of the partial stage probes what the plain probe's search does: both come from one pass.
  let plainHits: Hit[] | undefined;
  if (wordStageRuns(q, m.anyDetail)) {
    const r = m.index.searchWithWords(hexToWords(q.fingerprint), Math.max(LOOSE_RADIUS, m.threshold), PARTIAL_WORD_FLIPS);
    plainHits = r.hits;
    p.words = wordCandidates(m.index, q, r.words);
  }
  // Likewise the trimmed probe's search and the word candidates inside the borders (`trimmedWordCandidates`, below).
  const inside = dq && q.trimmed ? m.parse(q.trimmedDetail) : null;
  let trimmedFps: number[] | undefined;
  for (const probe of probes(q)) {
    const plain = !probe.flip && !probe.trimmed;
    // Crops, mirror images and trims multiply the chances of a collision: only detailed hashes get them.
    const detailed = hashComplexity(probe.words) >= MIN_COMPLEXITY;
    if (!plain && !detailed) continue;
    // A mirrored probe looks no further than the variant threshold: a mirrored copy the hash misses is found by the
    // mirrored detail keys (detail-verify.ts), and a radius-23 pass reads about four times the index entries of a radius-16 one.
    const radius = probe.flip ? m.variantThreshold : loosely(plain ? m.threshold : m.variantThreshold);
    let hits = plain && plainHits;
    if (!hits && inside && probe.trimmed && !probe.flip) {
      const r = m.index.searchWithWords(probe.words, radius, PARTIAL_WORD_FLIPS);
      [hits, trimmedFps] = [r.hits, r.words];
    }
    for (const hit of hits || m.index.search(probe.words, radius)) {
      const { work, variant } = m.index.owner(hit.fp);
      if (hit.distance > (plain && variant === 0 ? m.threshold : m.variantThreshold)) {
        nearer(loose, work, hit.distance);
        continue;
      }
      if (variant > 0 && (!detailed || m.index.complexity(hit.fp) < MIN_COMPLEXITY)) continue;
      if (probe.trimmed) inBorders.add(work);
      if (probe.boxed) p.inBox.add(work);
      const via = viaOfProbe(probe, variant);
      const prev = best.get(work);
      if (!prev || hit.distance < prev.distance || (hit.distance === prev.distance && plainness(via) < plainness(prev.via))) {
        best.set(work, { distance: hit.distance, via });
      }
    }
  }
  if (dq) {
    // A flat-corner page turned back 5 degrees each way (turned-hash.ts): hash candidates for the detail stage.
    turnedHashCandidates(q.turned, m.index, LOOSE_RADIUS, loose);
    // Keys of the query as is and inside its uniform borders (a copy with borders added, whose trimmed hash missed),
    // and without the outer ring when its corners share one flat fill (a copy turned on a white or black canvas).
    p.keyed = m.keys.candidates(inside ? [...dq.keys, ...inside.keys] : dq.keys, ringlessKeys(dq.luma));
    // Read back into the frame of a work turned by 5 degrees, whole (flat corners) or cropped to fit (turned-keys.ts).
    const aspect = pageAspectOf(q.size);
    const turned = turnedKeys(dq.luma, aspect);
    // Within the fit keys' budget of key-index buckets: they too keep only a near-exact agreement (TURNED_MAX).
    if (turned.length) for (const [w, d] of m.keys.candidates([], turned, FIT_KEY_BUDGET)) if (d <= TURNED_MAX) nearer(p.keyed, w, d);
    // Windows of half the page image, where an outpainted work may sit (window-keys.ts): the placement search confirms.
    const windows = outpaintKeys(q);
    if (windows.length) for (const [w, d] of m.keys.candidates([], windows)) if (d <= WINDOW_MAX) nearer(p.keyed, w, d);
    if (inside) p.trimmedWords = trimmedWordCandidates(m.index, q.trimmed!, trimmedFps);
    // Inside low-detail margins too (an outpainted copy whose box hash is 16-36 bits from the work's); a box that is
    // the trim was looked up just above.
    if (q.boxed && q.boxedDetail && !(inside && q.boxed === q.trimmed)) for (const [w, d] of trimmedWordCandidates(m.index, q.boxed)) nearer((p.trimmedWords ??= new Map()), w, d);
    // The fit candidates are verified only in the slots the others leave (detail-stage.ts): none are looked up when
    // the others fill every one, as in most lookups of a large registry.
    if (freeCandidates(p, m.packed.hasDetail) < MAX_VERIFIED) {
      // The fit probes (any page read as a work turned 2 degrees and cropped to fit) look no further than the variant
      // threshold: a radius-23 pass reads about four times the index entries.
      turnedHashCandidates(q.fit, m.index, m.variantThreshold, p.fitLoose);
      const fit = fitKeys(dq.luma, aspect);
      if (fit.length) for (const [w, d] of m.keys.candidates([], fit, FIT_KEY_BUDGET)) if (d <= TURNED_MAX) nearer(p.fitKeyed, w, d);
    }
    p.needs = thumbsNeeded(p, m.packed.hasDetail);
  }
  return p;
}

/**
 * Whether the partial stage looks up word candidates: for detailed hashes, and, since word agreements are also
 * candidates for the detail stage, for plain ones too when the detail stage can run.
 */
export function wordStageRuns(q: Query, anyDetail: boolean): boolean {
  return hashComplexity(hexToWords(q.fingerprint)) >= MIN_COMPLEXITY || !!(q.detail && anyDetail);
}

/** The partial stage's candidates, from the fingerprints `fps` agreeing with the query on a word. */
export function wordCandidates(index: FingerprintIndex, q: Query, fps: number[]): WordCandidate[] {
  const words = hexToWords(q.fingerprint);
  const detailed = hashComplexity(words) >= MIN_COMPLEXITY;
  const out: WordCandidate[] = [];
  for (const fp of fps) {
    const { work, variant } = index.owner(fp);
    // A crop fingerprint agreeing on a word is a candidate for the detail stage (a 10% crop from all sides lies
    // between two stored crops, 24-46 bits from both, in the robustness benchmark), never a partial match.
    // A detailed query ranks every candidate by the bits outside its most differing rectangle: a redrawn copy's whole
    // distance (93 bits for a portrait on a radial gradient, 25% redrawn) put it behind unrelated works.
    const cmp = detailed ? comparePartial(words, index.words(fp)) : null;
    const partly = !!cmp && variant === 0 && index.complexity(fp) >= MIN_COMPLEXITY && agreesOutside(cmp);
    out.push({ fp, work, partly, distance: cmp ? cmp.outside : index.distance(fp, words) });
  }
  return out;
}

/**
 * Inside added borders the hash agrees on a word with the work's where the whole query's did not (a 10% border
 * left a work 38 bits from its trimmed probe, 0 on one word, in the robustness benchmark): detail candidates. `fps`:
 * those fingerprints when the trimmed probe's pass found them already (FingerprintIndex.searchWithWords).
 */
export function trimmedWordCandidates(index: FingerprintIndex, trimmed: string, fps?: readonly number[]): Map<number, number> {
  const words = hexToWords(trimmed);
  const out = new Map<number, number>();
  for (const fp of fps ?? index.wordCandidates(words, PARTIAL_WORD_FLIPS)) {
    const { work } = index.owner(fp);
    nearer(out, work, index.distance(fp, words));
  }
  return out;
}
