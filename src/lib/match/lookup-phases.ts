/**
 * The two phases of a Matcher lookup (matcher.ts): what `prepare` hands to `finish`, and which works' detail
 * thumbnails `finish` may read, so the caller can read just those from storage. Pure.
 */
import { hexToWords } from './hash/bits.js';
import { byDistance, MAX_VERIFIED } from './detail/detail-verify.js';
import { flipWords, type Flip } from './hash/flip.js';
import type { Query } from './hash/query.js';
import { CROPS } from './hash/work-fingerprints.js';
import type { MatchHints } from '../types.js';
import type { WorkTraits } from './hints/work-traits.js';
import type { Via } from './hints/via.js';

export type { GridRect, Via } from './hints/via.js';

export interface Best {
  distance: number;
  via: Via;
  /** Set by `Matcher.finish` for every match it returns. */
  hints?: MatchHints;
}

/**
 * A work's detail thumbnail by index position: null when it has none (or its record is gone), undefined when not
 * read; `traits`, when the reader has them, the rest of the record the change hints use (hints/work-traits.ts).
 */
export type Thumbs = ((work: number) => Uint8Array | null | undefined) & { traits?: (work: number) => WorkTraits | undefined };

/** A word candidate of the partial stage (whole-image fingerprints only), with what the hash alone says of it. */
export interface WordCandidate {
  fp: number;
  work: number;
  /** Detailed on both sides and agreeing outside one rectangle (partial.ts). */
  partly: boolean;
  /**
   * Its distance as a detail-stage candidate: for a detailed query, the bits differing outside the rectangle holding
   * the most (partial.ts), since a redrawn rectangle inflates the whole distance of the copy it is a candidate for;
   * else the whole distance.
   */
  distance: number;
}

/** What `prepare` found with the hashes and keys; `finish` completes it once. */
export interface Prepared {
  q: Query;
  best: Map<number, Best>;
  loose: Map<number, number>;
  inBorders: Set<number>;
  /** Works the boxed probe (inside the query's low-detail margins) matched: verified against the work's own box. */
  inBox: Set<number>;
  /** Undefined when the partial stage does not run. */
  words?: WordCandidate[];
  keyed: Map<number, number>;
  /**
   * Candidates of the fit keys and fit probes (a page read as a work turned and cropped to fit: turned-keys.ts,
   * turned-hash.ts), work -> nearest key or hash distance: verified after every other candidate, in the slots left.
   */
  fitKeyed: Map<number, number>;
  fitLoose: Map<number, number>;
  /** Word candidates of the trimmed query (work -> nearest distance), when it has borders and detail. */
  trimmedWords?: Map<number, number>;
  /** Works whose thumbnails `finish` may read: every one it reads, in no particular order. */
  needs: number[];
}

/** Records a candidate's distance, keeping the nearest one seen for the work. */
export function nearer(candidates: Map<number, number>, work: number, distance: number): void {
  candidates.set(work, Math.min(candidates.get(work) ?? 256, distance));
}

/** The works the detail stage skips: the hash matches and, as if every one passed, the partial matches' candidates. */
function takenOf(p: Prepared): Set<number> {
  const taken = new Set(p.best.keys());
  for (const c of p.words ?? []) if (c.partly) taken.add(c.work);
  return taken;
}

/**
 * Every work whose thumbnail `Matcher.finish` may read, whatever the thumbnails say: the hash matches (requireDetail),
 * the partial matches (partlyEdited), and, of each candidate source of the detail stage (keys; hash and word
 * candidates; and the fit candidates' two), the nearest MAX_VERIFIED works none of those can take, ties included. The
 * detail stage verifies at most MAX_VERIFIED works, alternating the two sources, then the fit candidates' two
 * (detail-stage.ts), skipping works already matched (which can only be taken ones): so each source gives it at most
 * its first MAX_VERIFIED untaken works. Hash candidates are
 * counted as if the partial stage added every word candidate and every trimmed-query word candidate: the true ones
 * are a subset with the same distances, so their nearest untaken works are among these. A lower `limit` (ties
 * at its last distance still included) is for bench/lookup-tradeoff.ts: what a lookup verifying fewer would cost and find.
 */
export function thumbsNeeded(p: Prepared, has: Uint8Array, limit = MAX_VERIFIED): number[] {
  const taken = takenOf(p);
  const loose = new Map(p.loose);
  for (const c of p.words ?? []) nearer(loose, c.work, c.distance);
  for (const [work, d] of p.trimmedWords ?? []) nearer(loose, work, d);
  const needs = new Set<number>();
  for (const w of taken) if (has[w]) needs.add(w);
  for (const source of [p.keyed, loose, p.fitKeyed, p.fitLoose]) {
    let free = 0;
    let last = -1;
    for (const work of byDistance(source)) {
      const d = source.get(work)!;
      if (!has[work] || taken.has(work)) continue;
      if (free >= limit && d > last) break;
      needs.add(work);
      free++;
      last = d;
    }
  }
  return [...needs];
}

/**
 * How many works with a thumbnail the detail stage may verify from the key and hash candidates (as `thumbsNeeded`
 * counts them: word candidates included, the partial matches and hash matches taken), up to MAX_VERIFIED: when it
 * reaches it, the fit candidates, verified after them, never are.
 */
export function freeCandidates(p: Prepared, has: Uint8Array): number {
  const taken = takenOf(p);
  const free = new Set<number>();
  const sources: Iterable<number>[] = [p.keyed.keys(), p.loose.keys(), (p.words ?? []).map((c) => c.work), p.trimmedWords?.keys() ?? []];
  for (const source of sources) {
    for (const w of source) {
      if (has[w] && !taken.has(w)) free.add(w);
      if (free.size >= MAX_VERIFIED) return free.size;
    }
  }
  return free.size;
}

/** One hash looked up: the query as is, mirrored, inside its uniform borders, or inside its low-detail margins. */
export interface Probe {
  words: Uint32Array;
  flip?: Flip;
  trimmed: boolean;
  boxed?: boolean;
}

/**
 * The query's probes: as is, mirrored both ways, when it has uniform borders, trimmed (as is and mirrored), and when
 * it has low-detail margins, inside them (an outpainted copy: detail-box.ts).
 */
export function probes(q: Query): Probe[] {
  const whole = hexToWords(q.fingerprint);
  const out: Probe[] = [
    { words: whole, trimmed: false },
    { words: flipWords(whole, 'h'), flip: 'h', trimmed: false },
    { words: flipWords(whole, 'v'), flip: 'v', trimmed: false },
  ];
  if (q.trimmed) {
    const t = hexToWords(q.trimmed);
    // Inside a border of one colour the low-detail box is often the trim itself: that probe is the boxed one too.
    out.push({ words: t, trimmed: true, ...(q.boxed === q.trimmed ? { boxed: true } : {}) }, { words: flipWords(t, 'h'), flip: 'h', trimmed: true });
  }
  if (q.boxed && q.boxed !== q.trimmed) out.push({ words: hexToWords(q.boxed), trimmed: false, boxed: true });
  return out;
}

/** How a probe's hit on a work's fingerprint (`variant`: 0 the whole image, then CROPS in order) matched. */
export function viaOfProbe(probe: Probe, variant: number): Via {
  const crop = variant > 0 ? CROPS[variant - 1] : undefined;
  return { stage: 'hash', ...(probe.flip ? { flip: probe.flip } : {}), ...(crop ? { crop } : {}), ...(probe.trimmed ? { trimmed: true } : {}), ...(probe.boxed ? { boxed: true } : {}) };
}

/** How many changes a match implies: of two hits at the same distance, the plainer explanation wins. */
export function plainness(via: Via): number {
  return (via.flip ? 1 : 0) + (via.crop ? 1 : 0) + (via.trimmed || via.boxed ? 1 : 0);
}
