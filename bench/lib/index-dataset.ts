/**
 * The synthetic registries of bench:index (index.ts): fingerprints random or clustered (works of PER_WORK correlated
 * fingerprints around shared centres), each work's 32x32 detail thumbnail and its keys, the queries' 16x16 details,
 * and the works store such a registry would have. One seeded generator (`rnd`) for all of it, so every run draws
 * the same data.
 */
import { HASH_WORDS, wordsToHex } from '../../src/lib/match/hash/bits.js';
import { DETAIL_SIDE } from '../../src/lib/match/detail/luma-thumb.js';
import { detailKey, grid8, KEY_WORDS } from '../../src/lib/match/detail/detail-key.js';
import { toBase64url } from '../../src/lib/base64url.js';
import type { Model, Work } from '../../src/lib/types.js';
import { openRegistry } from '../../src/storage/db.js';
import { narrowIndexes, type PackedRegistry } from '../../src/lib/match/indexing/packed-registry.js';
import { mulberry } from './variants.js';
import type { Matcher } from '../../src/lib/match/matcher.js';
import type { Query } from '../../src/lib/match/hash/query.js';
import { WorkDetails } from '../../src/storage/work-details.js';

export const PER_WORK = 27;
export const rnd = mulberry(42);
export const word = () => (rnd() * 2 ** 32) >>> 0;

export function perturb(src: Uint32Array, at: number, out: Uint32Array, o: number, bits: number): void {
  for (let k = 0; k < HASH_WORDS; k++) out[o + k] = src[at + k]!;
  for (let i = 0; i < bits; i++) {
    const b = Math.floor(rnd() * 256);
    out[o + (b >> 5)] = (out[o + (b >> 5)]! ^ (1 << (31 - (b & 31)))) >>> 0;
  }
}

export const MODEL: Model = { id: 'm', source: 'own', creatorId: 'c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] };
export const DETAIL_BYTES = DETAIL_SIDE * DETAIL_SIDE;

/** A 32x32 thumbnail: an 8x8 grid (each cell within `spread` of `base`'s, or random) scaled up, plus noise. */
export function thumbnail(base: Uint8Array | undefined, spread: number): { grid: Uint8Array; thumb: Uint8Array } {
  const grid = Uint8Array.from({ length: 64 }, (_, i) => (base ? Math.max(0, Math.min(255, base[i]! + Math.round((rnd() - 0.5) * 2 * spread))) : Math.floor(rnd() * 256)));
  const thumb = new Uint8Array(DETAIL_BYTES);
  for (let y = 0; y < DETAIL_SIDE; y++) for (let x = 0; x < DETAIL_SIDE; x++) thumb[y * DETAIL_SIDE + x] = Math.max(0, Math.min(255, grid[(y >> 2) * 8 + (x >> 2)]! + Math.round((rnd() - 0.5) * 6)));
  return { grid, thumb };
}

/** A query's 16x16 detail from a 32x32 thumbnail (box average), recompression-like noise added. */
export function queryDetail(thumb: Uint8Array): string {
  const out = new Uint8Array(256);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const o = 2 * y * DETAIL_SIDE + 2 * x;
      const v = (thumb[o]! + thumb[o + 1]! + thumb[o + DETAIL_SIDE]! + thumb[o + DETAIL_SIDE + 1]!) / 4;
      out[y * 16 + x] = Math.max(0, Math.min(255, Math.round(v + (rnd() - 0.5) * 4)));
    }
  }
  return toBase64url(out);
}

/**
 * bench:index's 400 queries of a dataset: stored fingerprints perturbed by 0-24 bits (hits near the radius), each with
 * its work's thumbnail as detail (recompressed), alternating with unrelated random ones with an unrelated detail.
 */
export function datasetQueries(data: Dataset, n: number): { hashes: Uint32Array[]; full: Query[] } {
  const hashes: Uint32Array[] = [];
  const full: Query[] = [];
  const { starts } = data.packed;
  for (let i = 0; i < 400; i++) {
    const q = new Uint32Array(HASH_WORDS);
    let thumb: Uint8Array;
    if (i % 2) {
      const fp = Math.floor(rnd() * n);
      perturb(data.packed.hashes, fp * HASH_WORDS, q, 0, Math.floor(rnd() * 25));
      // The work owning fingerprint fp: the last whose start is at or before it.
      let [lo, hi] = [0, starts.length - 2];
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= fp) lo = mid;
        else hi = mid - 1;
      }
      thumb = data.thumbs.subarray(lo * DETAIL_BYTES, (lo + 1) * DETAIL_BYTES);
    } else {
      for (let k = 0; k < HASH_WORDS; k++) q[k] = word();
      thumb = thumbnail(undefined, 0).thumb;
    }
    hashes.push(q);
    full.push({ fingerprint: wordsToHex(q), quality: 100, detail: queryDetail(thumb) });
  }
  return { hashes, full };
}

export interface Dataset {
  packed: PackedRegistry;
  /** Every work's thumbnail, DETAIL_BYTES each: what the works store holds, not the matcher. */
  thumbs: Uint8Array;
}

export function dataset(n: number, clustered: boolean): Dataset {
  const works = Math.ceil(n / PER_WORK);
  const hashes = new Uint32Array(n * HASH_WORDS);
  const centres = new Uint32Array(Math.max(1, Math.floor(works / 10)) * HASH_WORDS).map(word);
  const work = new Uint32Array(HASH_WORDS);
  for (let i = 0; i < n; i++) {
    if (!clustered) {
      for (let k = 0; k < HASH_WORDS; k++) hashes[i * HASH_WORDS + k] = word();
      continue;
    }
    // A work sits near one of the centres (similar images); its fingerprints near the work (its crops).
    if (i % PER_WORK === 0) perturb(centres, Math.floor(rnd() * (centres.length / HASH_WORDS)) * HASH_WORDS, work, 0, 10 + Math.floor(rnd() * 50));
    perturb(work, 0, hashes, i * HASH_WORDS, Math.floor(rnd() * 40));
  }
  const starts = new Uint32Array(works + 1);
  for (let w = 0; w <= works; w++) starts[w] = Math.min(n, w * PER_WORK);
  // Thumbnails, and the keys packRegistry computes from them (the same calls).
  const thumbs = new Uint8Array(works * DETAIL_BYTES);
  const detailKeys = new Uint32Array(works * 2 * KEY_WORDS);
  const bases = Array.from({ length: Math.max(1, Math.floor(works / 10)) }, () => thumbnail(undefined, 0).grid);
  for (let w = 0; w < works; w++) {
    const { thumb } = thumbnail(clustered ? bases[Math.floor(rnd() * bases.length)] : undefined, 40);
    thumbs.set(thumb, w * DETAIL_BYTES);
    detailKey(grid8(thumb, DETAIL_SIDE), detailKeys, w * 2 * KEY_WORDS);
  }
  const workIds = Array.from({ length: works }, (_, w) => `list:creator-${w % 97}/work-${w}`);
  return { packed: { workIds, starts, hashes, workModel: narrowIndexes(works, 1, () => 0), modelIds: ['m'], detailKeys, hasDetail: new Uint8Array(works).fill(1) }, thumbs };
}

/** The works store a registry of these works would have, in fake-indexeddb. */
export async function worksStore(name: string, d: Dataset) {
  const db = await openRegistry(name);
  const { workIds, starts, hashes } = d.packed;
  for (let from = 0; from < workIds.length; from += 2000) {
    const tx = db.transaction('works', 'readwrite');
    for (let w = from; w < Math.min(workIds.length, from + 2000); w++) {
      const fingerprints: string[] = [];
      for (let f = starts[w]!; f < starts[w + 1]!; f++) fingerprints.push(wordsToHex(hashes.subarray(f * HASH_WORDS, (f + 1) * HASH_WORDS)));
      const work: Work = { id: workIds[w]!, source: 'own', modelId: 'm', fingerprints, detail: toBase64url(d.thumbs.subarray(w * DETAIL_BYTES, (w + 1) * DETAIL_BYTES)), addedAt: '2026-01-01' };
      void tx.store.put(work);
    }
    await tx.done;
  }
  return db;
}

/** Median and p99 of lookup times (ms). */
export function stats(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  return { median: +s[Math.floor(s.length / 2)]!.toFixed(4), p99: +s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!.toFixed(4) };
}

/**
 * The verdict a page image gets in the background, with the thumbnails read from a works store (fake-indexeddb:
 * a JavaScript IndexedDB, slower per request than a browser's): prepare, read, finish, verdicts.
 */
export async function thumbnailReads(name: string, data: Dataset, matcher: Matcher, queries: Query[]) {
  let t = performance.now();
  const db = await worksStore(name, data);
  const fillMs = performance.now() - t;
  const verdict = async (q: Query, details: WorkDetails) => {
    const p = matcher.prepare(q);
    const s = performance.now();
    const thumbs = await details.read(p.needs);
    const readMs = performance.now() - s;
    matcher.verdicts(matcher.finish(p, thumbs), 'https://example.com/');
    return readMs;
  };
  const fresh: number[] = [];
  const freshRead: number[] = [];
  const page: number[] = [];
  const shared = new WorkDetails(db, matcher.packed.workIds);
  for (const q of queries.slice(0, 10)) await verdict(q, new WorkDetails(db, matcher.packed.workIds)); // warm-up
  for (const q of queries) {
    t = performance.now();
    freshRead.push(await verdict(q, new WorkDetails(db, matcher.packed.workIds)));
    fresh.push(performance.now() - t);
  }
  for (const q of [...queries, ...queries]) {
    t = performance.now();
    await verdict(q, shared);
    page.push(performance.now() - t);
  }
  db.close();
  indexedDB.deleteDatabase(name);
  return { worksStoreFillMs: +fillMs.toFixed(0), verdictFreshCacheMs: stats(fresh), readFreshCacheMs: stats(freshRead), verdictPageCacheMs: stats(page), cacheBytes: shared.bytes };
}
