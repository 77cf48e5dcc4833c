/**
 * The two phases of a Matcher lookup (matcher.ts): what `prepare` hands to `finish`, and which works' detail
 * thumbnails `finish` may read, so the caller can read just those from storage. Pure.
 */
import { hexToWords } from './bits.js';
import { MAX_VERIFIED } from './detail-verify.js';
import type { Query } from './query.js';
import type { ChangeHint } from './types.js';

export interface Best {
  distance: number;
  hints: ChangeHint[];
}

/** A work's detail thumbnail by index position: null when it has none (or its record is gone), undefined when not read. */
export type Thumbs = (work: number) => Uint8Array | null | undefined;

/** A word candidate of the partial stage (whole-image fingerprints only), with what the hash alone says of it. */
export interface WordCandidate {
  fp: number;
  work: number;
  /** Detailed on both sides and agreeing outside one rectangle (partial.ts). */
  partly: boolean;
}

/** What `prepare` found with the hashes and keys; `finish` completes it once. */
export interface Prepared {
  q: Query;
  best: Map<number, Best>;
  loose: Map<number, number>;
  inBorders: Set<number>;
  /** Undefined when the partial stage does not run. */
  words?: WordCandidate[];
  keyed: Map<number, number>;
  /** Works whose thumbnails `finish` may read: every one it reads, in no particular order. */
  needs: number[];
}

/** Detail candidates in the order they are verified: nearest key first, then nearest hash. */
export function verifyOrder(keyed: Map<number, number>, loose: Map<number, number>): number[] {
  return [...new Set([...[...keyed].sort((a, b) => a[1] - b[1]).map(([w]) => w), ...[...loose].sort((a, b) => a[1] - b[1]).map(([w]) => w)])];
}

/**
 * Every work whose thumbnail `Matcher.finish` may read, whatever the thumbnails say: the hash matches (requireDetail), the
 * partial matches (partlyEdited), and the verification order up to MAX_VERIFIED works that none of those can take
 * (verifyDetails skips works already matched, which can only be those). The order is built as if the partial stage
 * added every word candidate to `loose`: the true order is then a subsequence of it, so its first MAX_VERIFIED are
 * within this prefix.
 */
export function thumbsNeeded(p: Prepared, has: Uint8Array, distance: (fp: number, words: Uint32Array) => number): number[] {
  const taken = new Set(p.best.keys());
  const loose = new Map(p.loose);
  const words = hexToWords(p.q.fingerprint);
  for (const c of p.words ?? []) {
    if (c.partly) taken.add(c.work);
    if (!loose.has(c.work)) loose.set(c.work, distance(c.fp, words));
  }
  const needs = new Set([...taken].filter((w) => has[w]));
  let free = 0;
  for (const work of verifyOrder(p.keyed, loose)) {
    if (!has[work]) continue;
    needs.add(work);
    if (!taken.has(work) && ++free >= MAX_VERIFIED) break;
  }
  return [...needs];
}
