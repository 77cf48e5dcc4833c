/**
 * Bucket keys: what the summary filter holds and what a shard is found by. A key is one 32-bit word (two rows of
 * the 16x16 blockhash grid) of one fingerprint, with its word index: `t * 2^32 + word`. Any fingerprint within
 * r bits of another agrees within floor(r / 8) bits on some word (pigeonhole), and copies mostly agree exactly on
 * several: docs/registry.md has the measured recall per transformation. Words of nearly all-equal bits (flat
 * rows, shared by countless images) make no key.
 */
import { detailKeysOf, detailQueryOf, HASH_WORDS, hexToWords, KEY_TABLES, keyBlock, MIN_QUALITY, popcount32, probes, sparseTables, thumbOf, type Query } from '../match/index.js';
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

/** The keys a registered work is found by: its whole-image fingerprint and, when the plan keys them, its crops (of every work: smooth works' cropped copies are found by the detail stage, whose candidates need them; measured in docs/registry.md), and with `detailBits` its detail thumbnail's key blocks (below). */
export function workKeys(fingerprints: readonly string[], plan: KeyPlan, detail?: string): BucketKey[] {
  const out = new Set<BucketKey>(plan.detailBits ? workDetailKeys(detail, plan.detailBits) : []);
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
  if (plan.detailBits) queryDetailKeys(q, plan.detailBits, out);
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

/*
 * Detail-key bucket keys (key plan `detailBits`): what finds, through a registry, the works the local matcher's
 * detail-key stage offers (key-index.ts), sharing no hash word with the page image (smooth works, framings of
 * crops and added borders). A work stores one key per table of the key index: its detail key's sign bits in that
 * table's block of `detailBits` bits, its mask ignored, as `(8 + t) * 2^32 + block`, apart from the hash words'
 * keys (t < 8). A page image asks for each of its detail keys' blocks (as is, mirrored, inside its uniform borders)
 * with every combination of the bits it does not find reliable, in its tables with the fewest of
 * them, at most KEYED_PROBES keys a detail key: the key index's probes, fewer (each one a key the filter tests).
 */
/** Word-index offset of the detail keys: after the 8 hash words. */
const FIRST_TABLE = 8;
/** Keys a page image asks for per detail key: its tables with the fewest unreliable bits first (2^n keys each), while they fit. */
const KEYED_PROBES = 64;

/** A work's detail keys: none without a thumbnail or with a key of no reliable bit. */
function workDetailKeys(detail: string | undefined, bits: number): BucketKey[] {
  const thumb = thumbOf(detail);
  if (!thumb) return [];
  const key = detailKeysOf([thumb]);
  if (!(key[4]! | key[5]! | key[6]! | key[7]!)) return [];
  return Array.from({ length: KEY_TABLES }, (_, t) => (FIRST_TABLE + t) * TWO32 + keyBlock(key, 0, t, bits));
}

/** The detail keys a page image asks for (the caller applies the quality gate). */
function queryDetailKeys(q: Query, bits: number, out: Set<BucketKey>): void {
  const all = (1 << bits) - 1;
  for (const detail of [q.detail, q.trimmed ? q.trimmedDetail : undefined]) {
    const dq = detail ? detailQueryOf(detail) : null;
    for (const key of dq?.keys ?? []) {
      const unreliable = Array.from({ length: KEY_TABLES }, (_, t) => ~keyBlock(key, 4, t, bits) & all);
      for (const t of sparseTables(unreliable.map(popcount32), KEYED_PROBES)) {
        const un = unreliable[t]!;
        const fixed = keyBlock(key, 0, t, bits) & ~un;
        let sub = 0;
        do {
          out.add((FIRST_TABLE + t) * TWO32 + ((fixed | sub) >>> 0));
          sub = (sub - un) & un;
        } while (sub !== 0);
      }
    }
  }
}
