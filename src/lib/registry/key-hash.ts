/**
 * What a bucket key hashes to: the filter positions and the bucket. Apart from keys.ts (which reads fingerprints
 * through the match face) so the summary and the shard writer stay low in the import graph.
 */

/** One 32-bit word of a fingerprint with its word index: `t * 2^32 + word`, exact as a double. */
export type BucketKey = number;
const TWO32 = 2 ** 32;

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
