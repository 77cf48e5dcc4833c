/**
 * Bucket keys: what the summary filter holds and what a shard is found by. A key is one 32-bit word (two rows of
 * the 16x16 blockhash grid) of one fingerprint, with its word index: `t * 2^32 + word`. Any fingerprint within
 * r bits of another agrees within floor(r / 8) bits on some word (pigeonhole), and copies mostly agree exactly on
 * several: docs/registry.md has the measured recall per transformation. Words of nearly all-equal bits (flat
 * rows, shared by countless images) make no key.
 */
import { HASH_WORDS, hexToWords, MIN_QUALITY, popcount32, probes, type Query } from '../match/index.js';
import type { KeyPlan } from './manifest.js';
import type { BucketKey } from './key-hash.js';

export type { BucketKey } from './key-hash.js';

const TWO32 = 2 ** 32;

function keysOfWords(words: Uint32Array, plan: KeyPlan, out: Set<BucketKey>): void {
  for (let t = 0; t < HASH_WORDS; t++) {
    const w = words[t]! >>> 0;
    const ones = popcount32(w);
    if (ones < plan.minBits || ones > 32 - plan.minBits) continue;
    out.add(t * TWO32 + w);
  }
}

/** The keys a registered work is found by: its whole-image fingerprint and, when the plan keys them, its crops (of every work: smooth works' cropped copies are found by the detail stage, whose candidates need them; measured in docs/registry.md). */
export function workKeys(fingerprints: readonly string[], plan: KeyPlan): BucketKey[] {
  const out = new Set<BucketKey>();
  const whole = hexToWords(fingerprints[0]!);
  keysOfWords(whole, plan, out);
  if (plan.crops) for (const f of fingerprints.slice(1)) keysOfWords(hexToWords(f), plan, out);
  return [...out].sort((a, b) => a - b);
}

/** The keys a page image is looked up by: the words of every probe the matcher looks up (probes: as is, mirrored, trimmed, inside low-detail margins), so the registry offers every work the local hash lookup could reach. None under the quality gate: such an image is never flagged. */
export function queryKeys(q: Query, plan: KeyPlan): BucketKey[] {
  if (q.quality < MIN_QUALITY) return [];
  const out = new Set<BucketKey>();
  const flips = plan.probeFlips ?? 0;
  for (const p of probes(q)) {
    keysOfWords(p.words, plan, out);
    if (flips) for (let t = 0; t < HASH_WORDS; t++) neighbourKeys(t, p.words[t]! >>> 0, flips, plan, out);
  }
  return [...out].sort((a, b) => a - b);
}

/** Word t's neighbours within 1 or 2 flipped bits that a stored word can be (the minBits rule): the local index's word candidates (PARTIAL_WORD_FLIPS, and LOOSE_RADIUS 23 spread over 8 words) agree within 2 bits on a word. */
function neighbourKeys(t: number, w: number, flips: number, plan: KeyPlan, out: Set<BucketKey>): void {
  const add = (x: number) => {
    const ones = popcount32(x);
    if (ones >= plan.minBits && ones <= 32 - plan.minBits) out.add(t * TWO32 + (x >>> 0));
  };
  for (let i = 0; i < 32; i++) {
    const a = w ^ (1 << i);
    add(a);
    if (flips > 1) for (let j = i + 1; j < 32; j++) add(a ^ (1 << j));
  }
}
