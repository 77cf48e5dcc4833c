/**
 * Builder, second half: the key entries become bucket shards (a counting sort by bucket, then each bucket sorted by
 * key, pack, slot: deterministic) and the layer's summary. One shard's JSON is held at a time.
 */
import { bucketOf } from './key-hash.js';
import type { KeyPlan, Layer } from './manifest.js';
import { SHARD_FORMAT, type Shard } from './shard.js';
import { bucketBitsFor, buildLayerSummary, encodeLayerSummary } from './summary.js';
import { sha256Hex } from './digest.js';
import type { KeyEntries, WriteFile } from './key-entries.js';

export interface LayerBuild {
  layer: Layer;
  shards: number;
  summaryBytes: number;
  largestShardBytes: number;
}

export async function writeLayer(id: number, plan: KeyPlan, entries: KeyEntries, packHashes: readonly string[], works: number, write: WriteFile): Promise<LayerBuild> {
  const n = entries.length;
  const bucketBits = bucketBitsFor(n);
  const buckets = 1 << bucketBits;
  const bucket = new Uint32Array(n);
  const starts = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) starts[(bucket[i] = bucketOf(entries.keys[i]!, bucketBits)) + 1]!++;
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
  const order = new Uint32Array(n);
  const fill = starts.slice(0, buckets);
  for (let i = 0; i < n; i++) order[fill[bucket[i]!]!++] = i;
  const { keys, packs, slots } = entries;
  const shardHashes = new Map<number, string>();
  const uniqueKeys = new Float64Array(n);
  let unique = 0;
  let largestShardBytes = 0;
  for (let b = 0; b < buckets; b++) {
    const rows = Array.from(order.subarray(starts[b]!, starts[b + 1]!)).sort((x, y) => keys[x]! - keys[y]! || packs[x]! - packs[y]! || slots[x]! - slots[y]!);
    if (!rows.length) continue;
    const localPack = new Map<number, number>();
    const shard: Shard = { format: SHARD_FORMAT, layer: id, bucket: b, packs: [], entries: [] };
    let last = -1;
    for (const r of rows) {
      if (keys[r] !== last) uniqueKeys[unique++] = last = keys[r]!;
      let p = localPack.get(packs[r]!);
      if (p === undefined) localPack.set(packs[r]!, (p = shard.packs.push(packHashes[packs[r]!]!) - 1));
      shard.entries.push([keys[r]!, p, slots[r]!]);
    }
    const bytes = new TextEncoder().encode(JSON.stringify(shard));
    largestShardBytes = Math.max(largestShardBytes, bytes.byteLength);
    const hash = await sha256Hex(bytes);
    await write(`shards/${hash}.json`, bytes);
    shardHashes.set(b, hash);
  }
  const summary = encodeLayerSummary(buildLayerSummary(id, bucketBits, plan, uniqueKeys.subarray(0, unique), shardHashes));
  const summaryHash = await sha256Hex(summary);
  await write(`summary/${summaryHash}.bin`, summary);
  return {
    layer: { id, summary: summaryHash, summaryBytes: summary.byteLength, bucketBits, keys: unique, works },
    shards: shardHashes.size,
    summaryBytes: summary.byteLength,
    largestShardBytes,
  };
}
