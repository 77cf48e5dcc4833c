/**
 * The client side of a lookup, with the fetching passed in (the background gives a cached fetch of the registry
 * host, tests and benchmarks a map of files): query keys -> local filter -> shards -> packs -> matcher records.
 * Every file is checked by its hash before use; a bad file is an error for this lookup, never a partial answer.
 */
import type { Query } from '../match/index.js';
import type { RegistryContent } from '../types.js';
import { queryKeys } from './keys.js';
import type { RegistryManifest } from './manifest.js';
import { candidatesIn, verifyPack, verifyShard, worksFromShard, type Pack } from './shard.js';
import { bucketIdsFor, decodeLayerSummary, type RegistrySummary } from './summary.js';
import { checkHash } from './digest.js';

/** Fetches one file of the registry by its path relative to the manifest (`shards/<sha>.json`, `packs/<sha>.json`). */
export type GetFile = (path: string) => Promise<Uint8Array>;

export const shardPath = (sha256: string) => `shards/${sha256}.json`;
export const packPath = (sha256: string) => `packs/${sha256}.json`;
export const summaryPath = (sha256: string) => `summary/${sha256}.bin`;
export const listPath = (sha256: string) => `lists/${sha256}.json`;

export interface RegistryLookup {
  /** Records for the Matcher (new Matcher(content).match(query, page)); empty when nothing may match. */
  content: RegistryContent;
  /** Paths requested, in order: what the host saw. */
  requests: string[];
}

export async function lookupQuery(manifest: RegistryManifest, registryId: string, summary: RegistrySummary, query: Query, get: GetFile): Promise<RegistryLookup> {
  const keys = queryKeys(query, manifest.keyPlan);
  const requests: string[] = [];
  const empty: RegistryContent = { creators: [], models: [], works: [] };
  const shards = bucketIdsFor(summary, keys);
  if (!shards.length) return { content: empty, requests };
  const fetched = await Promise.all(
    shards.map(async (s) => {
      requests.push(shardPath(s.shard));
      const r = await verifyShard(await get(shardPath(s.shard)), s.shard);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    }),
  );
  const wanted = new Set(keys);
  const refs = fetched.flatMap((s) => candidatesIn(s, wanted));
  const packs = new Map<string, Pack>();
  await Promise.all(
    [...new Set(refs.map((r) => r.pack))].map(async (hash) => {
      requests.push(packPath(hash));
      const r = await verifyPack(await get(packPath(hash)), hash);
      if (!r.ok) throw new Error(r.error);
      packs.set(hash, r.value);
    }),
  );
  return { content: worksFromShard(manifest, registryId, packs, refs), requests };
}

/** Every layer's summary the manifest names, each checked by its hash (`have`: layers already held, by summary hash, which are not fetched again: a new edition downloads only its new layers). */
export async function loadSummary(manifest: RegistryManifest, get: GetFile, have: RegistrySummary = { layers: [] }): Promise<RegistrySummary> {
  const layers = [];
  for (const l of manifest.layers) {
    const kept = have.layers.find((s) => s.layer === l.id && s.keys === l.keys && s.bucketBits === l.bucketBits && s.sha256 === l.summary);
    if (kept) {
      layers.push(kept);
      continue;
    }
    const r = await checkHash(await get(summaryPath(l.summary)), l.summary, `the summary of layer ${l.id}`);
    if (!r.ok) throw new Error(r.error);
    layers.push({ ...decodeLayerSummary(r.value, { layer: l.id, bucketBits: l.bucketBits, plan: manifest.keyPlan, formatVersion: manifest.formatVersion }), sha256: l.summary });
  }
  return { layers };
}
