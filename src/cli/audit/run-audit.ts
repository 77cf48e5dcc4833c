/**
 * A folder audit: find the images, take each one's query from the cache or a decoding thread, give it its verdict
 * through the library face (the extension's matching path), write each new query to the cache as it comes.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Checker } from '../../core/index.js';
import { DecodePool } from './decode-pool.js';
import { findImages, type FoundImage } from './find-images.js';
import { type CachedScan, FingerprintCache, type FileStamp } from './fingerprint-cache.js';
import type { AuditItem } from './audit-result.js';

class PoolError extends Error {}

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
  const images = await findImages(folder);
  const cache = opts.cache ? await FingerprintCache.open(opts.cache) : undefined;
  const cacheEntries = cache?.size ?? 0;
  let pool: DecodePool | undefined;
  let done = 0;
  opts.onProgress?.(0, images.length);
  const one = async (img: FoundImage): Promise<AuditItem> => {
    let stamp: FileStamp | undefined;
    let scan: CachedScan | undefined;
    let cached = false;
    try {
      const s = await stat(img.path);
      stamp = { path: img.path, size: s.size, mtimeMs: s.mtimeMs };
      scan = cache?.get(stamp);
      cached = !!scan;
      if (!scan) {
        pool ??= new DecodePool(Math.min(opts.jobs, images.length));
        // A rejection here is the pool's failure, not this file's: it ends the audit (exit code 2).
        const r = await pool.decode(img.path).catch((e: unknown) => {
          throw new PoolError(e instanceof Error ? e.message : String(e));
        });
        if (!r.ok) return { file: img.rel, status: 'unreadable', reason: r.error, matches: [] };
        scan = r.record ? { query: r.query, record: r.record } : { query: r.query };
        await cache?.put(stamp, scan);
      }
      const v = await checker.checkQuery(scan.query, scan.record, { site: opts.site });
      return { file: img.rel, ...v, ...(cached ? { cached } : {}) };
    } catch (e) {
      if (e instanceof PoolError) throw e;
      return { file: img.rel, status: 'unreadable', reason: e instanceof Error ? e.message : String(e), matches: [] };
    } finally {
      opts.onProgress?.(++done, images.length);
    }
  };
  try {
    // All at once: the pool queues the decodes; cache hits finish without waiting for them.
    const items = await Promise.all(images.map(one));
    await cache?.compact(folder);
    return { items, cacheEntries };
  } finally {
    await pool?.close();
  }
}
