/**
 * A folder audit: find the images, take each one's query from the cache or a decoding thread, give it its verdict
 * through the library face (the extension's matching path), write each new query to the cache as it comes. With the
 * cache, the matcher's findings are kept too (under the works' digest): a second run over the same works decodes
 * and searches nothing, and only the verdicts (site, date) are given again.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Checker } from '../../core/index.js';
import { boundedMap } from './bounded-map.js';
import { DecodePool } from './decode-pool.js';
import { findImages, type FoundImage } from './find-images.js';
import { type CacheEntry, FingerprintCache, type FileStamp, foundFromCache, foundToCache } from './fingerprint-cache.js';
import { matchDigest } from './match-digest.js';
import type { AuditItem } from './audit-result.js';

/**
 * Images in progress per decoder: enough that each decoder always has its next image stat-ed and queued (the pool
 * takes two at a time), few enough that a pending image's state dies young.
 */
const IN_FLIGHT_PER_DECODER = 8;

/** Not one file's fault: a decoding thread died, or a registry refused or could not serve its files. Ends the audit (exit 2). */
class AuditError extends Error {}

export interface RunOptions {
  folder: string;
  site?: string;
  cache?: string;
  jobs: number;
  /** Called once with the total, then after each image. */
  onProgress?: (done: number, total: number) => void;
}

export interface RunResult {
  items: AuditItem[];
  /** Cache entries found at the start (an earlier or interrupted run). */
  cacheEntries: number;
}

export async function runAudit(checker: Checker, opts: RunOptions): Promise<RunResult> {
  const folder = resolve(opts.folder);
  let pool: DecodePool | undefined;
  const startPool = (size: number) => (pool ??= new DecodePool(size));
  try {
    return await audit(checker, opts, folder, startPool);
  } finally {
    await pool?.close();
  }
}

async function audit(checker: Checker, opts: RunOptions, folder: string, startPool: (size: number) => DecodePool): Promise<RunResult> {
  const listing = findImages(folder);
  // Settled here too, so a listing that fails while the cache is read is not an unhandled rejection.
  listing.catch(() => undefined);
  const cache = opts.cache ? await FingerprintCache.open(opts.cache) : undefined;
  const cacheEntries = cache?.size ?? 0;
  // Nothing cached: every image is decoded, so the threads start now, while the folder is listed (a thread's start
  // is a few hundred milliseconds, the listing of 1,000 files tens).
  if (cacheEntries === 0 && opts.jobs > 1) startPool(opts.jobs);
  try {
    return await auditFolder(checker, opts, folder, await listing, cache, (images) => startPool(Math.min(opts.jobs, images)));
  } finally {
    cache?.close();
  }
}

async function auditFolder(
  checker: Checker,
  opts: RunOptions,
  folder: string,
  images: FoundImage[],
  cache: FingerprintCache | undefined,
  startPool: (images: number) => DecodePool,
): Promise<RunResult> {
  const cacheEntries = cache?.size ?? 0;
  const decoder = () => startPool(images.length);
  // An empty cache has no content to find by hash: the decoding thread hashes the bytes it reads anyway.
  const hashHere = cacheEntries > 0;
  let done = 0;
  opts.onProgress?.(0, images.length);
  const digest = cache ? await matchDigest(checker.content) : '';
  /** The file's entry: by its stamp, else by its bytes' hash (then kept under the new stamp), else decoded. */
  const entryOf = async (img: FoundImage, stamp: FileStamp): Promise<{ entry?: CacheEntry; cached: boolean; stamped?: boolean; error?: string }> => {
    const hit = cache?.get(stamp);
    if (hit) return { entry: hit, cached: true, stamped: true };
    const hash = hashHere ? createHash('sha256').update(await readFile(img.path)).digest('hex') : '';
    const same = cache?.byContent(hash);
    if (same) return { entry: { ...same }, cached: true };
    // A rejection here is the pool's failure, not this file's: it ends the audit (exit code 2).
    const r = await decoder().decode(img.path, !!cache && !hashHere).catch((e: unknown) => {
      throw new AuditError(e instanceof Error ? e.message : String(e));
    });
    if (!r.ok) return { cached: false, error: r.error };
    return { entry: { hash: r.hash ?? hash, query: r.query, ...(r.record ? { record: r.record } : {}) }, cached: false };
  };
  const one = async (img: FoundImage): Promise<AuditItem> => {
    try {
      const s = await stat(img.path);
      const stamp: FileStamp = { path: img.path, size: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
      const { entry, cached, stamped, error } = await entryOf(img, stamp);
      if (!entry) return { file: img.rel, status: 'unreadable', reason: error, matches: [] };
      let found = foundFromCache(entry, digest);
      // Written when the entry is new, found under another stamp, or its findings are for other works.
      if (cache && !(stamped && found)) {
        found ??= await checker.found(entry.query);
        cache.put(stamp, { ...entry, found: foundToCache(digest, found) });
      }
      // The image was read: a failure now is a source's (a registry's shard refused), never "no match" for this file.
      const v = await checker.checkQuery(entry.query, entry.record, { site: opts.site }, found).catch((e: unknown) => {
        throw new AuditError(`${img.rel}: ${e instanceof Error ? e.message : String(e)}`);
      });
      return { file: img.rel, ...v, ...(cached ? { cached } : {}) };
    } catch (e) {
      if (e instanceof AuditError) throw e;
      return { file: img.rel, status: 'unreadable', reason: e instanceof Error ? e.message : String(e), matches: [] };
    } finally {
      opts.onProgress?.(++done, images.length);
    }
  };
  // A window over the folder: the pool queues the decodes; cache hits finish without waiting for them.
  const items = await boundedMap(images, IN_FLIGHT_PER_DECODER * Math.max(1, opts.jobs), one);
  await cache?.compact(folder);
  return { items, cacheEntries };
}
