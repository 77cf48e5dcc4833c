/**
 * Fetching an edition's files from the registry host for the lib's steps (lib/registry lookup.ts `GetFile`): each
 * path resolved against the registry's base and capped at the size its kind may have, concurrent requests for the
 * same file shared, and what was fetched handed back so the caller caches it only once the lookup checked it.
 */
import { MAX_PACK_BYTES, MAX_SHARD_BYTES, type GetFile, type RegistryManifest, type RegistrySummary } from '../../lib/registry/index.js';
import type { CachedFile } from '../../storage/registry-cache.js';
import { fetchRegistryFile, registryUrl } from './registry-fetch.js';

/** What is stored per edition (storage/registries.ts RegistryEdition). */
export interface Edition {
  manifest: RegistryManifest;
  summary: RegistrySummary;
  /** SHA-256 of the manifest bytes: the same edition number with other content is refused. */
  manifestHash: string;
}

/** Requests in flight, by URL: images of one page often need the same shard. */
const inFlight = new Map<string, Promise<CachedFile>>();

function capOf(path: string, manifest: RegistryManifest): number {
  if (path.startsWith('shards/')) return MAX_SHARD_BYTES;
  if (path.startsWith('packs/')) return MAX_PACK_BYTES;
  const layer = manifest.layers.find((l) => path === `summary/${l.summary}.bin`);
  if (layer) return layer.summaryBytes;
  throw new Error(`${path}: not a file of this registry`);
}

/**
 * A GetFile over the registry host: `cached` files are answered from memory, the rest fetched; `fetched` collects
 * what came over the network (by path), for the caller to keep once the lib has checked every hash.
 */
export function hostFiles(base: string, manifest: RegistryManifest, cached: ReadonlyMap<string, CachedFile> = new Map()): { get: GetFile; fetched: Map<string, CachedFile> } {
  const fetched = new Map<string, CachedFile>();
  const get: GetFile = async (path) => {
    const hit = cached.get(path);
    if (hit) return hit.bytes;
    const url = registryUrl(base, path);
    let got = inFlight.get(url);
    if (!got) {
      got = fetchRegistryFile(url, { maxBytes: capOf(path, manifest) }).finally(() => inFlight.delete(url));
      inFlight.set(url, got);
    }
    const f = await got;
    fetched.set(path, f);
    return f.bytes;
  };
  return { get, fetched };
}
