/**
 * Builder, second half: the key entries become bucket shards and the layer's summary, one summary range at a time
 * (build-ranges.ts: each range's shards and fuse filter). Ranges may run on other threads (LayerOutput.ranges); their
 * results are taken in range order, with at most `inFlight` ranges held at once, so the bytes are the same whatever
 * the thread count. The summary's slots go to the spill store range by range; the file streams from it at the end.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { KeyPlan, Layer } from './manifest.js';
import { bucketBitsFor } from './summary.js';
import { rangeBitsFor, rangedHead, type RangePart } from './summary-ranged.js';
import { concat, RANGE_BITS, RANGES, type KeyEntries, type SpillStore, type WriteFile } from './key-entries.js';
import { shardRange, type RangeJob, type RangeResult, type RangeRunner, type ShardSink } from './build-ranges.js';

/** Writes a file from its parts, in order, without holding them all (the CLI: a file stream). `parts` may be called more than once. */
export type WriteParts = (path: string, parts: () => AsyncIterable<Uint8Array>) => Promise<void>;

/** The summary (format 3, summary-ranged.ts), made range by range while the shards are written: each range's filter slots go to the spill store; the file is then written as it is read back, hashed as it passes. */
class RangedSummaryWriter {
  private readonly parts: Omit<RangePart, 'at'>[] = [];

  /** Range r's slots are spilled to run `firstRun + r`. */
  constructor(
    private readonly spill: SpillStore,
    private readonly firstRun: number,
    readonly bits: number,
    readonly rangeBits: number,
  ) {}

  /** Takes the next range's filter (ranges in order): its slots go to the spill store. */
  async close(part: Omit<RangePart, 'at'>, slots: Uint8Array): Promise<void> {
    await this.spill.append(this.firstRun + this.parts.length, slots);
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
  const { run, inFlight } = out.ranges ?? { run: (job: RangeJob) => shardRange(job, sink), inFlight: 1 };
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
