/**
 * Bucket keys: what the summary filter holds and what a shard is found by. A key is one 32-bit word (two rows of
 * the 16x16 blockhash grid) of one fingerprint, with its word index: `t * 2^32 + word`. Any fingerprint within
 * r bits of another agrees within floor(r / 8) bits on some word (pigeonhole), and copies mostly agree exactly on
 * several: docs/registry.md has the measured recall per transformation. Words of nearly all-equal bits (flat
 * rows, shared by countless images) make no key.
 */
import { flipWords, HASH_WORDS, hexToWords, MIN_QUALITY, popcount32, type Query } from '../match/index.js';
import type { KeyPlan } from './manifest.js';

export type BucketKey = number;
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

/** The keys a page image is looked up by: its fingerprint, its mirror images and its trimmed fingerprint (the matcher's probes). None under the quality gate: such an image is never flagged. */
export function queryKeys(q: Query, plan: KeyPlan): BucketKey[] {
  if (q.quality < MIN_QUALITY) return [];
  const out = new Set<BucketKey>();
  const whole = hexToWords(q.fingerprint);
  const probes = [whole, flipWords(whole, 'h'), flipWords(whole, 'v')];
  if (q.trimmed) {
    const t = hexToWords(q.trimmed);
    probes.push(t, flipWords(t, 'h'));
  }
  for (const p of probes) keysOfWords(p, plan, out);
  return [...out].sort((a, b) => a - b);
}

/** murmur3's finaliser: spreads a key over 32 bits (the filter and the bucket use two of these). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Two independent 32-bit hashes of a key (not secret: anyone can compute them; they only spread keys evenly). */
export function keyHashes(key: BucketKey): [number, number] {
  const t = Math.floor(key / TWO32);
  const w = key - t * TWO32;
  const h1 = mix32((w ^ Math.imul(t + 1, 0x9e3779b9)) >>> 0);
  const h2 = mix32((h1 ^ Math.imul(t + 7, 0x27d4eb2f) ^ w) >>> 0) | 1;
  return [h1, h2 >>> 0];
}

/** The bucket a key falls in: the top `bucketBits` of its first hash. This, and nothing else of the image, is what a shard request reveals. */
export function bucketOf(key: BucketKey, bucketBits: number): number {
  return bucketBits === 0 ? 0 : keyHashes(key)[0] >>> (32 - bucketBits);
}
