/**
 * Builder, one summary range: its spilled key entries become bucket shards (written at once) and the range's fuse
 * filter. Ranges are independent once spilled, so the CLI runs them on worker threads (src/cli/registry-threads.ts)
 * and the layer writer (build-shards.ts) takes their results in range order: the output does not depend on how many
 * threads made it. Within a group of spill ranges: a counting sort by bucket, then each bucket sorted by key, pack,
 * slot.
 */
import { bucketOf } from './key-hash.js';
import { SHARD_FORMAT } from './shard.js';
import { buildRange, slotBytes, type RangePart } from './summary-ranged.js';
import { sha256Hex } from './digest.js';
import { parseRun, type EntryRun } from './key-entries.js';

/** One summary range's work: its groups of spill ranges (each group holds whole buckets), as stored. */
export interface RangeJob {
  layer: number;
  bucketBits: number;
  filterBits: number;
  /** The first group's index; group g holds buckets [g * bucketsPerGroup, (g + 1) * bucketsPerGroup). */
  firstGroup: number;
  bucketsPerGroup: number;
  /** Per group, its spill runs' bytes (KeyEntries.readRaw). */
  groups: Uint8Array[][];
}
export interface RangeResult {
  part: Omit<RangePart, 'at'>;
  /** The range's filter slots as the summary file holds them (little-endian). */
  slots: Uint8Array;
  /** The buckets that got a shard, ascending, and their SHA-256 values (32 bytes each, in the same order). */
  buckets: Uint32Array;
  digests: Uint8Array;
  /** Distinct keys in the range. */
  unique: number;
  largestShardBytes: number;
}
/** Where shard files go and how they are hashed: the CLI passes synchronous ones (node:fs, node:crypto). */
export interface ShardSink {
  packHashes: readonly string[];
  write: (path: string, bytes: Uint8Array) => void | Promise<void>;
  sha256?: (bytes: Uint8Array) => string | Promise<string>;
}
/** Runs one range (in this thread or another); results may come back in any order. */
export type RangeRunner = (job: RangeJob, packHashes: readonly string[]) => Promise<RangeResult>;

function joinRuns(runs: readonly EntryRun[]): EntryRun {
  if (runs.length === 1) return runs[0]!;
  const n = runs.reduce((a, r) => a + r.keys.length, 0);
  const out: EntryRun = { keys: new Float64Array(n), packs: new Uint32Array(n), slots: new Uint8Array(n) };
  let at = 0;
  for (const r of runs) {
    out.keys.set(r.keys, at);
    out.packs.set(r.packs, at);
    out.slots.set(r.slots, at);
    at += r.keys.length;
  }
  return out;
}

const utf8 = new TextEncoder();

/** A shard's JSON text, the same characters as JSON.stringify of the Shard object (keys in its order; integers and hex need no escaping). */
export function shardJson(layer: number, bucket: number, packs: readonly string[], keys: ArrayLike<number>, packOf: ArrayLike<number>, slots: ArrayLike<number>, n: number): string {
  let s = `{"format":"${SHARD_FORMAT}","layer":${layer},"bucket":${bucket},"packs":[`;
  for (let i = 0; i < packs.length; i++) s += i ? `,"${packs[i]!}"` : `"${packs[i]!}"`;
  s += '],"entries":[';
  for (let i = 0; i < n; i++) s += `${i ? ',' : ''}[${keys[i]!},${packOf[i]!},${slots[i]!}]`;
  return `${s}]}`;
}

function hexInto(hex: string, out: Uint8Array, at: number): void {
  for (let i = 0; i < 32; i++) out[at + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
}

/** Writes one summary range's shards and builds its filter. */
export async function shardRange(job: RangeJob, sink: ShardSink): Promise<RangeResult> {
  const { layer, bucketBits, bucketsPerGroup } = job;
  const sha256 = sink.sha256 ?? sha256Hex;
  const rangeKeys: Float64Array[] = [];
  const buckets: number[] = [];
  const hashes: string[] = [];
  let largestShardBytes = 0;
  for (let gi = 0; gi < job.groups.length; gi++) {
    const { keys, packs, slots } = joinRuns(job.groups[gi]!.map(parseRun));
    const n = keys.length;
    const first = (job.firstGroup + gi) * bucketsPerGroup;
    const bucket = new Uint32Array(n);
    const starts = new Uint32Array(bucketsPerGroup + 1);
    for (let i = 0; i < n; i++) starts[(bucket[i] = bucketOf(keys[i]!, bucketBits) - first) + 1]!++;
    for (let b = 0; b < bucketsPerGroup; b++) starts[b + 1]! += starts[b]!;
    const order = new Uint32Array(n);
    const fill = starts.slice(0, bucketsPerGroup);
    for (let i = 0; i < n; i++) order[fill[bucket[i]!]!++] = i;
    const uniqueKeys = new Float64Array(n);
    let u = 0;
    // One bucket's sorted entries, reused across buckets.
    const eKeys = new Float64Array(n);
    const ePacks = new Uint32Array(n);
    const eSlots = new Uint8Array(n);
    for (let b = 0; b < bucketsPerGroup; b++) {
      const rows = Array.from(order.subarray(starts[b]!, starts[b + 1]!)).sort((x, y) => keys[x]! - keys[y]! || packs[x]! - packs[y]! || slots[x]! - slots[y]!);
      if (!rows.length) continue;
      const localPack = new Map<number, number>();
      const shardPacks: string[] = [];
      let last = -1;
      for (let j = 0; j < rows.length; j++) {
        const r = rows[j]!;
        if (keys[r] !== last) uniqueKeys[u++] = last = keys[r]!;
        let p = localPack.get(packs[r]!);
        if (p === undefined) localPack.set(packs[r]!, (p = shardPacks.push(sink.packHashes[packs[r]!]!) - 1));
        eKeys[j] = keys[r]!;
        ePacks[j] = p;
        eSlots[j] = slots[r]!;
      }
      const bytes = utf8.encode(shardJson(layer, first + b, shardPacks, eKeys, ePacks, eSlots, rows.length));
      largestShardBytes = Math.max(largestShardBytes, bytes.byteLength);
      const hash = await sha256(bytes);
      await sink.write(`shards/${hash}.json`, bytes);
      buckets.push(first + b);
      hashes.push(hash);
    }
    rangeKeys.push(uniqueKeys.slice(0, u));
  }
  const all = new Float64Array(rangeKeys.reduce((n, k) => n + k.length, 0));
  let at = 0;
  for (const k of rangeKeys) at += (all.set(k, at), k.length);
  const { part, slots } = buildRange(all, job.filterBits);
  const digests = new Uint8Array(32 * hashes.length);
  hashes.forEach((h, i) => hexInto(h, digests, 32 * i));
  return { part, slots: slotBytes(slots), buckets: Uint32Array.from(buckets), digests, unique: all.length, largestShardBytes };
}
