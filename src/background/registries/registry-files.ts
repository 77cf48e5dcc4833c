/**
 * Where an edition's files live on the registry host (docs/registry.md: every file but the manifest is named by
 * its SHA-256), and fetching the layer summaries an edition needs: a layer already held (same hash) is reused, so a
 * day's update downloads only its new delta layer. Each summary is checked against the hash the signed manifest
 * names before it is read.
 */
import { checkHash, decodeLayerSummary, type LayerSummary, type RegistryManifest, type RegistrySummary } from '../../lib/registry/index.js';
import { fetchRegistryFile, registryUrl } from './registry-fetch.js';

export const summaryPath = (sha: string) => `summary/${sha}.bin`;
export const shardPath = (sha: string) => `shards/${sha}.json`;
export const packPath = (sha: string) => `packs/${sha}.json`;

/** What is stored per edition (storage/registries.ts RegistryEdition): the manifest, the summary and each layer's hash. */
export interface Edition {
  manifest: RegistryManifest;
  summary: RegistrySummary;
  /** Summary hash per layer, in `summary.layers` order: lets the next edition reuse what it shares. */
  layerHashes: string[];
  /** SHA-256 of the manifest bytes: the same edition number with other content is refused. */
  manifestHash: string;
}

/** The summaries of `manifest`'s layers: reused from `held` where the hash is the same, else fetched from `base` and checked. */
export async function layerSummaries(base: string, manifest: RegistryManifest, held?: Edition): Promise<{ summary: RegistrySummary; layerHashes: string[]; fetched: number }> {
  const have = new Map<string, LayerSummary>();
  held?.layerHashes.forEach((h, i) => held.summary.layers[i] && have.set(h, held.summary.layers[i]));
  const layers: LayerSummary[] = [];
  let fetched = 0;
  for (const layer of manifest.layers) {
    const kept = have.get(layer.summary);
    if (kept) {
      layers.push(kept);
      continue;
    }
    const got = await fetchRegistryFile(registryUrl(base, summaryPath(layer.summary)), { maxBytes: layer.summaryBytes });
    const checked = await checkHash(got.bytes, layer.summary, `the summary of layer ${layer.id}`);
    if (!checked.ok) throw new Error(checked.error);
    try {
      layers.push(decodeLayerSummary(got.bytes, { layer: layer.id, bucketBits: layer.bucketBits, hashes: manifest.keyPlan.hashes }));
    } catch (e) {
      throw new Error(`the summary of layer ${layer.id} is unusable: ${e instanceof Error ? e.message : String(e)}`);
    }
    fetched += got.bytes.byteLength;
  }
  return { summary: { layers }, layerHashes: manifest.layers.map((l) => l.summary), fetched };
}
