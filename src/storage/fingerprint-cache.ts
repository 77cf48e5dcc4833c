/**
 * The fingerprint cache: a fetched image's fingerprint by URL and response validators (ETag / Last-Modified, or
 * a digest of the bytes when the server sends neither), in IndexedDB so a stopped service worker keeps it.
 * Bounded: past `limit` entries the least recently used go first. Only good fingerprints are stored: a failed or
 * refused image leaves nothing behind.
 */
import type { Query } from '../lib/match/index.js';
import { sha256Hex } from '../lib/sha256.js';
import type { FingerprintCacheEntry, RegistryDB } from './db.js';

export const CACHE_LIMIT = 20_000;
/** Bump when the fingerprint algorithm changes: old entries then simply stop matching any key. */
const VERSION = 'v9'; // v2: entries hold the whole matcher query (quality, trimmed fingerprint); v3: and its detail luminance; v4: and the luminance inside borders; v5: and the box inside low-detail margins; v6: and the natural size and where the inside of borders is; v7: and the whole image's 32x32 luminance with the box; v8: and the turned hash probes of a flat-corner image; v9: and the fit probes of every image
/** lastUsed is rewritten at most this often per entry, so a hit is usually a read only. */
const TOUCH_MS = 60 * 60 * 1000;
/** Trim after this many writes rather than after each. */
const TRIM_EVERY = 64;
let writes = 0;

export interface Validators {
  etag?: string;
  lastModified?: string;
  /** Hex digest of the bytes, used when the response has no validators. */
  digest?: string;
}

export function cacheKey(url: string, v: Validators): string {
  const validator = v.etag ? `etag:${v.etag}` : v.lastModified ? `lm:${v.lastModified}` : `sha:${v.digest ?? ''}`;
  return `${VERSION}\n${url}\n${validator}`;
}

/**
 * A fetched image's cache read and file hash, as both scan paths (worker and offscreen document) need them: the key
 * (the response's validators, else the bytes' digest), the entry's read, and the bytes' SHA-256, which goes with the
 * query (a registered file's own bytes) but never into the entry, so a hit takes it from the bytes read now. With
 * validators the hash runs beside the read.
 */
export async function readFetched(db: RegistryDB, url: string, bytes: Uint8Array, v: Validators): Promise<{ key: string; reading: Promise<Query | undefined>; sha256: Promise<string> }> {
  const sha256 = sha256Hex(bytes);
  const key = cacheKey(url, v.etag || v.lastModified ? v : { digest: await sha256 });
  return { key, reading: cachedFingerprint(db, key), sha256 };
}

/** The cached matcher query (every field queryOf gives, natural size included) for this key, if any. */
export async function cachedFingerprint(db: RegistryDB, key: string, now = Date.now()): Promise<Query | undefined> {
  const hit = await db.get('fingerprintCache', key);
  if (!hit?.fingerprint || typeof hit.quality !== 'number') return undefined;
  if (now - hit.lastUsed > TOUCH_MS) await db.put('fingerprintCache', { ...hit, lastUsed: now });
  const q: Query = { fingerprint: hit.fingerprint, quality: hit.quality };
  if (hit.trimmed) q.trimmed = hit.trimmed;
  if (hit.detail) q.detail = hit.detail;
  if (hit.chroma) q.chroma = hit.chroma;
  if (hit.trimmedDetail) q.trimmedDetail = hit.trimmedDetail;
  if (hit.boxed && hit.boxedDetail && hit.box) Object.assign(q, { boxed: hit.boxed, boxedDetail: hit.boxedDetail, box: hit.box }, hit.wide ? { wide: hit.wide } : {});
  if (hit.trimmedBox) q.trimmedBox = hit.trimmedBox;
  if (hit.size) q.size = { width: hit.size.width, height: hit.size.height };
  if (hit.turned?.length) q.turned = [...hit.turned];
  if (hit.fit?.length) q.fit = [...hit.fit];
  return q;
}

function entryOf(key: string, query: Query, v: Validators, now: number): FingerprintCacheEntry {
  const entry: FingerprintCacheEntry = { key, fingerprint: query.fingerprint, quality: query.quality, lastUsed: now };
  if (query.trimmed) entry.trimmed = query.trimmed;
  if (query.detail) entry.detail = query.detail;
  if (query.chroma) entry.chroma = query.chroma;
  if (query.trimmedDetail) entry.trimmedDetail = query.trimmedDetail;
  if (query.boxed && query.boxedDetail && query.box) Object.assign(entry, { boxed: query.boxed, boxedDetail: query.boxedDetail, box: query.box }, query.wide ? { wide: query.wide } : {});
  if (query.trimmedBox) entry.trimmedBox = query.trimmedBox;
  if (query.size) entry.size = { width: query.size.width, height: query.size.height };
  if (query.turned?.length) entry.turned = [...query.turned];
  if (query.fit?.length) entry.fit = [...query.fit];
  if (v.etag) entry.etag = v.etag;
  if (v.lastModified) entry.lastModified = v.lastModified;
  return entry;
}

export async function storeFingerprint(
  db: RegistryDB,
  key: string,
  query: Query,
  v: Validators,
  opts: { now?: number; limit?: number } = {},
): Promise<void> {
  await db.put('fingerprintCache', entryOf(key, query, v, opts.now ?? Date.now()));
  if (++writes % TRIM_EVERY === 0 || opts.limit !== undefined) await trimCache(db, opts.limit ?? CACHE_LIMIT);
}

/** A write waits until no other came for BATCH_MS, but never longer than MAX_WAIT_MS. */
export const BATCH_MS = 200;
const MAX_WAIT_MS = 2000;
let pending: FingerprintCacheEntry[] = [];
let firstAt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let flushed: { promise: Promise<void>; run: () => void } | undefined;

/** storeFingerprintSoon, not awaited: the scan needs the fingerprint now, the entry only next time; a failure is logged. */
export function keepFingerprint(db: RegistryDB, key: string, query: Query, v: Validators): void {
  void storeFingerprintSoon(db, key, query, v).catch((e: unknown) => console.warn('[License Lens] could not store a fingerprint in the cache:', e));
}

/**
 * The write a scan does not wait for: the verdict needs the fingerprint, not its cache entry. Writes coming in
 * while a page is being scanned wait and share one transaction: a read-write transaction holds up the cache reads
 * of the other images in flight (measured: cache reads took 3 s summed over 108 images with one write each), and
 * one commit per page batch costs less than one per image. A worker stopped meanwhile loses those entries only:
 * the images are fingerprinted again next time. Resolves once stored.
 */
export function storeFingerprintSoon(db: RegistryDB, key: string, query: Query, v: Validators, now = Date.now()): Promise<void> {
  if (!pending.length) firstAt = performance.now();
  pending.push(entryOf(key, query, v, now));
  if (!flushed) {
    let run!: () => void;
    const promise = new Promise<void>((r) => (run = r)).then(async () => {
      const batch = pending;
      pending = [];
      flushed = undefined;
      const tx = db.transaction('fingerprintCache', 'readwrite');
      await Promise.all([...batch.map((e) => tx.store.put(e)), tx.done]);
      const before = writes;
      writes += batch.length;
      if (Math.floor(writes / TRIM_EVERY) > Math.floor(before / TRIM_EVERY)) await trimCache(db);
    });
    flushed = { promise, run };
  }
  clearTimeout(timer);
  timer = setTimeout(flushed.run, Math.max(0, Math.min(BATCH_MS, firstAt + MAX_WAIT_MS - performance.now())));
  return flushed.promise;
}

/** Deletes the least recently used entries until at most `limit` remain. */
export async function trimCache(db: RegistryDB, limit = CACHE_LIMIT): Promise<number> {
  const excess = (await db.count('fingerprintCache')) - limit;
  if (excess <= 0) return 0;
  const tx = db.transaction('fingerprintCache', 'readwrite');
  let cursor = await tx.store.index('lastUsed').openCursor();
  let removed = 0;
  while (cursor && removed < excess) {
    await cursor.delete();
    removed++;
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

