/**
 * Builder, the summary (format 3, summary-ranged.ts), made range by range while the shards are written: each range's
 * distinct keys become its fuse filter at once and its slots go to the spill store, so memory holds one range's keys
 * and filter whatever the layer's size. The file is then written as it is read back: header and range table, shard
 * table, each range's slots in turn, hashed as they pass (the file is named by its SHA-256).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { concat, type SpillStore, type WriteFile } from './key-entries.js';
import { buildRange, rangedHead, slotBytes, type RangePart } from './summary-ranged.js';

/** Writes a file from its parts, in order, without holding them all (the CLI: a file stream). `parts` may be called more than once. */
export type WriteParts = (path: string, parts: () => AsyncIterable<Uint8Array>) => Promise<void>;

export class RangedSummaryWriter {
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
