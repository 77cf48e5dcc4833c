/**
 * What was fetched from registries (shards, detail thumbnails), by registry and path, with the response's HTTP
 * validators, under a size budget: past REGISTRY_CACHE_BYTES the least recently used entries go first. Shards
 * are content-addressed (their path names their hash), so an entry never goes stale; the validators serve files
 * that are not. A stopped worker keeps it all: a revisited page asks the registry host nothing.
 */
import type { RegistryCacheEntry, RegistryDB } from './db.js';

/** 32 MiB: thousands of shards, far more than a day's browsing touches. */
export const REGISTRY_CACHE_BYTES = 32 * 1024 * 1024;
/** lastUsed is rewritten at most this often per entry, so a hit is usually a read only. */
const TOUCH_MS = 10 * 60 * 1000;

const keyOf = (registry: string, path: string) => `${registry}\n${path}`;

export interface CachedFile {
  bytes: Uint8Array;
  etag?: string;
  lastModified?: string;
}

/** The cached files among `paths` (one read-only transaction), touching those not used for a while. */
export async function cachedFiles(db: RegistryDB, registry: string, paths: readonly string[], now = Date.now()): Promise<Map<string, CachedFile>> {
  const tx = db.transaction('registryCache', 'readonly');
  const got = await Promise.all(paths.map((p) => tx.store.get(keyOf(registry, p))));
  await tx.done;
  const out = new Map<string, CachedFile>();
  const stale: RegistryCacheEntry[] = [];
  got.forEach((e, i) => {
    if (!e) return;
    out.set(paths[i]!, { bytes: e.bytes, etag: e.etag, lastModified: e.lastModified });
    if (now - e.lastUsed > TOUCH_MS) stale.push({ ...e, lastUsed: now });
  });
  if (stale.length) {
    const w = db.transaction('registryCache', 'readwrite');
    await Promise.all([...stale.map((e) => w.store.put(e)), w.done]);
  }
  return out;
}

/** Stores fetched files (one transaction), then trims the cache to its budget. */
export async function storeFiles(db: RegistryDB, registry: string, files: ReadonlyMap<string, CachedFile>, opts: { now?: number; budget?: number } = {}): Promise<void> {
  const now = opts.now ?? Date.now();
  const tx = db.transaction('registryCache', 'readwrite');
  const puts = [...files].map(([path, f]) => {
    const e: RegistryCacheEntry = { key: keyOf(registry, path), registry, bytes: f.bytes, lastUsed: now };
    if (f.etag) e.etag = f.etag;
    if (f.lastModified) e.lastModified = f.lastModified;
    return tx.store.put(e);
  });
  await Promise.all([...puts, tx.done]);
  await trimRegistryCache(db, opts.budget ?? REGISTRY_CACHE_BYTES);
}

/** Deletes least recently used entries until the cached bytes fit `budget`; returns how many went. */
export async function trimRegistryCache(db: RegistryDB, budget = REGISTRY_CACHE_BYTES): Promise<number> {
  const tx = db.transaction('registryCache', 'readwrite');
  const index = tx.store.index('lastUsed');
  let total = 0;
  for (let c = await index.openCursor(); c; c = await c.continue()) total += c.value.bytes.byteLength;
  let removed = 0;
  for (let c = await index.openCursor(); c && total > budget; c = await c.continue()) {
    total -= c.value.bytes.byteLength;
    await c.delete();
    removed++;
  }
  await tx.done;
  return removed;
}

/** Bytes held for one registry (the options page shows it). */
export async function cachedBytes(db: RegistryDB, registry: string): Promise<number> {
  let n = 0;
  for (const e of await db.getAllFromIndex('registryCache', 'registry', registry)) n += e.bytes.byteLength;
  return n;
}
