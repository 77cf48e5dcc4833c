/**
 * Builder, second half: the key entries become bucket shards and the layer's summary, one bucket range at a time
 * (key-entries.ts): a counting sort of the range by bucket, then each bucket sorted by key, pack, slot
 * (deterministic, whatever the spill buffer's size). Each range's distinct keys go into the summary's filter for
 * that range (RangedSummaryWriter, below): one shard's JSON and one range's keys and filter are held at a time;
 * the summary file streams from the spill to its file.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bucketOf } from './key-hash.js';
import type { KeyPlan, Layer } from './manifest.js';
import { SHARD_FORMAT, type Shard } from './shard.js';
import { bucketBitsFor, shardTable } from './summary.js';
import { buildRange, rangeBitsFor, rangedHead, slotBytes, type RangePart } from './summary-ranged.js';
import { sha256Hex } from './digest.js';
import { concat, RANGE_BITS, RANGES, type EntryRun, type KeyEntries, type SpillStore, type WriteFile } from './key-entries.js';

/** Writes a file from its parts, in order, without holding them all (the CLI: a file stream). `parts` may be called more than once. */
export type WriteParts = (path: string, parts: () => AsyncIterable<Uint8Array>) => Promise<void>;

/** The summary (format 3, summary-ranged.ts), made range by range while the shards are written: each range's distinct keys become its fuse filter at once and its slots go to the spill store; the file is then written as it is read back, hashed as it passes. */
class RangedSummaryWriter {
  private readonly parts: Omit<RangePart, 'at'>[] = [];
  private pending: Float64Array[] = [];

  /** Range r's slots are spilled to run `firstRun + r`. */
  constructor(
    private readonly spill: SpillStore,
    private readonly firstRun: number,
    readonly bits: number,
    readonly rangeBits: number,
  ) {}

  /** Distinct keys of the range being gathered (any number of calls a range). */
  add(keys: Float64Array): void {
    this.pending.push(keys);
  }

  /** Ends the range being gathered: its filter is built and its slots spilled. */
  async close(): Promise<void> {
    const keys = new Float64Array(this.pending.reduce((n, k) => n + k.length, 0));
    let at = 0;
    for (const k of this.pending) at += (keys.set(k, at), k.length);
    this.pending = [];
    const { part, slots } = buildRange(keys, this.bits);
    await this.spill.append(this.firstRun + this.parts.length, slotBytes(slots));
    this.parts.push(part);
  }

  /** Writes `summary/<sha256>.bin` once every range is closed; the spilled slots are dropped. */
  async write(layer: number, bucketBits: number, shards: Uint8Array, write: WriteFile, writeParts?: WriteParts): Promise<{ sha256: string; bytes: number }> {
    if (this.parts.length !== 1 << this.rangeBits) throw new Error(`the summary has ${this.parts.length} of its ${1 << this.rangeBits} ranges`);
    const head = rangedHead(layer, bucketBits, this.bits, this.rangeBits, this.parts);
    const runs = this.parts.map((_, r) => this.firstRun + r);
    const spill = this.spill;
    const parts = async function* () {
      yield head;
      yield shards;
      for (const r of runs) yield await spill.read(r);
    };
    const hash = sha256.create();
    let bytes = 0;
    for await (const p of parts()) {
      hash.update(p);
      bytes += p.byteLength;
    }
    const sha = bytesToHex(hash.digest());
    const path = `summary/${sha}.bin`;
    if (writeParts) await writeParts(path, parts);
    else {
      const all: Uint8Array[] = [];
      for await (const p of parts()) all.push(p);
      await write(path, concat(all));
    }
    for (const r of runs) await spill.drop(r);
    return { sha256: sha, bytes };
  }
}

export interface LayerOutput {
  write: WriteFile;
  /** Writes the summary as it is read back (the CLI); without it the summary is put together in memory. */
  writeParts?: WriteParts;
  /** Keys a summary range's filter aims at (summary-ranged.ts RANGE_KEYS; tests: fewer, for many ranges). */
  rangeKeys?: number;
}
export interface LayerBuild {
  layer: Layer;
  shards: number;
  summaryBytes: number;
  largestShardBytes: number;
}

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
  const shardHashes = new Map<number, string>();
  let unique = 0;
  let largestShardBytes = 0;
  for (let g = 0; g < groups; g++) {
    const parts: EntryRun[] = [];
    for (let r = g * rangesPerGroup; r < (g + 1) * rangesPerGroup; r++) parts.push(await entries.readRange(r));
    const { keys, packs, slots } = joinRuns(parts);
    const n = keys.length;
    const first = g * bucketsPerGroup;
    const bucket = new Uint32Array(n);
    const starts = new Uint32Array(bucketsPerGroup + 1);
    for (let i = 0; i < n; i++) starts[(bucket[i] = bucketOf(keys[i]!, bucketBits) - first) + 1]!++;
    for (let b = 0; b < bucketsPerGroup; b++) starts[b + 1]! += starts[b]!;
    const order = new Uint32Array(n);
    const fill = starts.slice(0, bucketsPerGroup);
    for (let i = 0; i < n; i++) order[fill[bucket[i]!]!++] = i;
    const uniqueKeys = new Float64Array(n);
    let u = 0;
    for (let b = 0; b < bucketsPerGroup; b++) {
      const rows = Array.from(order.subarray(starts[b]!, starts[b + 1]!)).sort((x, y) => keys[x]! - keys[y]! || packs[x]! - packs[y]! || slots[x]! - slots[y]!);
      if (!rows.length) continue;
      const localPack = new Map<number, number>();
      const shard: Shard = { format: SHARD_FORMAT, layer: id, bucket: first + b, packs: [], entries: [] };
      let last = -1;
      for (const r of rows) {
        if (keys[r] !== last) uniqueKeys[u++] = last = keys[r]!;
        let p = localPack.get(packs[r]!);
        if (p === undefined) localPack.set(packs[r]!, (p = shard.packs.push(packHashes[packs[r]!]!) - 1));
        shard.entries.push([keys[r]!, p, slots[r]!]);
      }
      const bytes = new TextEncoder().encode(JSON.stringify(shard));
      largestShardBytes = Math.max(largestShardBytes, bytes.byteLength);
      const hash = await sha256Hex(bytes);
      await write(`shards/${hash}.json`, bytes);
      shardHashes.set(first + b, hash);
    }
    summary.add(uniqueKeys.slice(0, u));
    if ((g + 1) % groupsPerRange === 0) await summary.close();
    unique += u;
  }
  const written = await summary.write(id, bucketBits, shardTable(bucketBits, shardHashes), write, out.writeParts);
  return {
    layer: { id, summary: written.sha256, summaryBytes: written.bytes, bucketBits, keys: unique, works },
    shards: shardHashes.size,
    summaryBytes: written.bytes,
    largestShardBytes,
  };
}
