/**
 * The fingerprint cache: a fetched image's fingerprint by URL and response validators (ETag / Last-Modified, or
 * a digest of the bytes when the server sends neither), in IndexedDB so a stopped service worker keeps it.
 * Bounded: past `limit` entries the least recently used go first. Only good fingerprints are stored: a failed or
 * refused image leaves nothing behind.
 */
import type { Query } from '../lib/query.js';
import type { FingerprintCacheEntry, RegistryDB } from './db.js';

export const CACHE_LIMIT = 20_000;
/** Bump when the fingerprint algorithm changes: old entries then simply stop matching any key. */
const VERSION = 'v4'; // v2: entries hold the whole matcher query (quality, trimmed fingerprint); v3: and its detail luminance; v4: and the luminance inside borders
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

/** The cached matcher query (fingerprint, quality, trimmed fingerprint, detail) for this key, if any. */
export async function cachedFingerprint(db: RegistryDB, key: string, now = Date.now()): Promise<Query | undefined> {
  const hit = await db.get('fingerprintCache', key);
  if (!hit?.fingerprint || typeof hit.quality !== 'number') return undefined;
  if (now - hit.lastUsed > TOUCH_MS) await db.put('fingerprintCache', { ...hit, lastUsed: now });
  const q: Query = { fingerprint: hit.fingerprint, quality: hit.quality };
  if (hit.trimmed) q.trimmed = hit.trimmed;
  if (hit.detail) q.detail = hit.detail;
  if (hit.trimmedDetail) q.trimmedDetail = hit.trimmedDetail;
  return q;
}

export async function storeFingerprint(
  db: RegistryDB,
  key: string,
  query: Query,
  v: Validators,
  opts: { now?: number; limit?: number } = {},
): Promise<void> {
  const entry: FingerprintCacheEntry = { key, fingerprint: query.fingerprint, quality: query.quality, lastUsed: opts.now ?? Date.now() };
  if (query.trimmed) entry.trimmed = query.trimmed;
  if (query.detail) entry.detail = query.detail;
  if (query.trimmedDetail) entry.trimmedDetail = query.trimmedDetail;
  if (v.etag) entry.etag = v.etag;
  if (v.lastModified) entry.lastModified = v.lastModified;
  await db.put('fingerprintCache', entry);
  if (++writes % TRIM_EVERY === 0 || opts.limit !== undefined) await trimCache(db, opts.limit ?? CACHE_LIMIT);
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

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}
