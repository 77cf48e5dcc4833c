/**
 * Builder, second half: the key entries become bucket shards and the layer's summary, one summary range at a time.
 * A range (shardRange): its groups of spill ranges, each a counting sort by bucket, then each bucket sorted by key,
 * pack, slot, written as shard files; its distinct keys become its fuse filter. Ranges are independent once spilled,
 * so the CLI runs them on worker threads (LayerOutput.ranges, src/cli/registry-threads.ts); writeLayer takes their
 * results in range order, with at most `inFlight` out at once, so the bytes are the same whatever the thread count.
 * The summary's slots go to the spill store range by range; the file streams from it at the end.
 */
import { bucketOf } from './key-hash.js';
import type { KeyPlan, Layer } from './manifest.js';
import { SHARD_FORMAT } from './shard.js';
import { bucketBitsFor } from './summary.js';
import { buildRange, rangeBitsFor, RangedSummaryWriter, slotBytes, type RangePart, type WriteParts } from './summary-ranged.js';
import { sha256Hex } from './digest.js';
import { parseRun, RANGE_BITS, RANGES, type EntryRun, type KeyEntries, type WriteFile } from './key-entries.js';

export type { WriteParts } from './summary-ranged.js';

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

/** Row bits beside a key (< 2^35: 8 words of 32 bits) in one exact double: buckets of up to 2^18 rows sort as numbers. */
const ROW_BITS = 18;

/**
 * A bucket's rows sorted by key, pack, slot. Rows come in the order their entries were pushed, which is by pack
 * then slot in a layer's large buckets (one spill range each): there a stable sort by key alone gives the same order,
 * done as a sort of numbers (key * 2^18 + row) without a comparator call per step. Otherwise, the full comparison.
 */
export function bucketRows(rows: Uint32Array, keys: Float64Array, packs: Uint32Array, slots: Uint8Array, scratch: Float64Array): Uint32Array {
  const m = rows.length;
  let inOrder = m <= 1 << ROW_BITS;
  for (let j = 0; inOrder && j < m; j++) {
    const b = rows[j]!;
    const a = j ? rows[j - 1]! : b;
    inOrder = keys[b]! < 2 ** 35 && (packs[a]! < packs[b]! || (packs[a] === packs[b] && slots[a]! <= slots[b]!));
  }
  if (!inOrder) return Uint32Array.from(Array.from(rows).sort((x, y) => keys[x]! - keys[y]! || packs[x]! - packs[y]! || slots[x]! - slots[y]!));
  const packed = scratch.subarray(0, m);
  for (let j = 0; j < m; j++) packed[j] = keys[rows[j]!]! * 2 ** ROW_BITS + j;
  packed.sort();
  const out = new Uint32Array(m);
  for (let j = 0; j < m; j++) out[j] = rows[packed[j]! % 2 ** ROW_BITS]!;
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
    const sortBuffer = new Float64Array(n);
    for (let b = 0; b < bucketsPerGroup; b++) {
      const rows = bucketRows(order.subarray(starts[b]!, starts[b + 1]!), keys, packs, slots, sortBuffer);
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


export interface LayerOutput {
  write: WriteFile;
  /** Writes the summary as it is read back (the CLI); without it the summary is put together in memory. */
  writeParts?: WriteParts;
  /** Keys a summary range's filter aims at (summary-ranged.ts RANGE_KEYS; tests: fewer, for many ranges). */
  rangeKeys?: number;
  /** Where the ranges run (the CLI: worker threads) and how many may be out at once; default: here, one at a time, shards written through `write`. */
  ranges?: { run: RangeRunner; inFlight: number };
  /** The hash of shards written here (default: WebCrypto's SHA-256). */
  sha256?: ShardSink['sha256'];
}
export interface LayerBuild {
  layer: Layer;
  shards: number;
  summaryBytes: number;
  largestShardBytes: number;
}

export async function writeLayer(id: number, plan: KeyPlan, entries: KeyEntries, packHashes: readonly string[], works: number, out: LayerOutput): Promise<LayerBuild> {
  const { write } = out;
  if (!plan.filterBits) throw new Error('the key plan must name filterBits: the builder writes format 3 summaries (fuse filters)');
  await entries.flush();
  const bucketBits = bucketBitsFor(entries.length);
  const summary = new RangedSummaryWriter(entries.spill, RANGES, plan.filterBits, rangeBitsFor(entries.length, bucketBits, out.rangeKeys));
  // A group of ranges read together holds whole buckets: several ranges per bucket in a small layer, several buckets per range in a large one.
  const rangesPerGroup = 1 << Math.max(0, RANGE_BITS - bucketBits);
  const bucketsPerGroup = 1 << Math.max(0, bucketBits - RANGE_BITS);
  const groups = RANGES / rangesPerGroup;
  // A summary range is whole groups: its range bits are at most the bucket bits (and RANGE_BITS).
  const groupsPerRange = groups >> summary.rangeBits;
  const sink: ShardSink = { packHashes, write, sha256: out.sha256 };
  // One range (a small layer) is made here: no thread to start.
  const { run, inFlight } = out.ranges && summary.rangeBits > 0 ? out.ranges : { run: (job: RangeJob) => shardRange(job, sink), inFlight: 1 };
  const table = new Uint8Array(32 << bucketBits);
  let shards = 0;
  let unique = 0;
  let largestShardBytes = 0;
  const take = async (result: Promise<RangeResult>) => {
    const r = await result;
    await summary.close(r.part, r.slots);
    r.buckets.forEach((b, i) => table.set(r.digests.subarray(32 * i, 32 * i + 32), 32 * b));
    shards += r.buckets.length;
    unique += r.unique;
    largestShardBytes = Math.max(largestShardBytes, r.largestShardBytes);
  };
  const pending: Promise<RangeResult>[] = [];
  try {
    for (let range = 0; range < 1 << summary.rangeBits; range++) {
      const job: RangeJob = { layer: id, bucketBits, filterBits: plan.filterBits, firstGroup: range * groupsPerRange, bucketsPerGroup, groups: [] };
      for (let g = job.firstGroup; g < job.firstGroup + groupsPerRange; g++) {
        const runs: Uint8Array[] = [];
        for (let r = g * rangesPerGroup; r < (g + 1) * rangesPerGroup; r++) runs.push(await entries.readRaw(r));
        job.groups.push(runs);
      }
      pending.push(run(job, packHashes));
      if (pending.length >= inFlight) await take(pending.shift()!);
    }
    while (pending.length) await take(pending.shift()!);
  } catch (e) {
    // The ranges still out are not waited for (their thread pool is closed by its owner), but their failures are handled.
    for (const p of pending) p.catch(() => undefined);
    throw e;
  }
  const written = await summary.write(id, bucketBits, table, write, out.writeParts);
  return {
    layer: { id, summary: written.sha256, summaryBytes: written.bytes, bucketBits, keys: unique, works },
    shards,
    summaryBytes: written.bytes,
    largestShardBytes,
  };
}
