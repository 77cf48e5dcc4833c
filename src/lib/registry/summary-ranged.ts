/**
 * Summary format 3 ("LLR3"): a layer's filter split by bucket range, one binary fuse filter (fuse-filter.ts) per range
 * of the keys' bucket hash (its top `rangeBits` bits: the builder's spill ranges, grouped so each filter has about
 * 2^20 keys or more, where the fuse filter's size factor is at its floor of 1.125), so the builder holds one range's
 * keys at a time whatever the layer's size. Still one file per layer: a delta is a new layer, so a day's change is
 * one small file. Layout, little-endian: "LLR3", layer u32, bucketBits u8, fingerprint bits u8, rangeBits u8, 0,
 * keys u32; per range seed u32, segmentLength u32, segmentCount u32, keys u32; the shard table (2^bucketBits
 * SHA-256 values); then each range's packed slots, in range order.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bucketOf, type BucketKey } from './key-hash.js';
import { buildFuseFilter, fuseHas, fuseWords, type FuseFilter } from './fuse-filter.js';
import { concat, type SpillStore, type WriteFile } from './key-entries.js';

export const MAGIC3 = 0x3352_4c4c; // "LLR3"
export const HEADER3 = 16;
const PART = 16;
/** Keys a range's filter is aimed at (at least, on average): below about 2^20 keys the fuse filter needs more than 1.125 slots a key. */
export const RANGE_KEYS = 2 ** 20;
export const MAX_RANGE_BITS = 8;

export interface RangePart {
  seed: number;
  segmentLength: number;
  segmentCount: number;
  keys: number;
  /** The range's first slot word in the layer's `filter`. */
  at: number;
}
export interface RangedFilter {
  bits: number;
  rangeBits: number;
  parts: RangePart[];
}

/** How many bits of range a layer of `entries` key entries gets: filters of about `perRange` keys or more, never finer than its buckets (each bucket lies in one range). */
export function rangeBitsFor(entries: number, bucketBits: number, perRange = RANGE_KEYS): number {
  return Math.max(0, Math.min(MAX_RANGE_BITS, bucketBits, Math.floor(Math.log2(Math.max(1, entries / perRange)))));
}

export const rangeOf = (key: BucketKey, rangeBits: number) => bucketOf(key, rangeBits);

/** One range's filter over its keys (distinct: the builder's are): the table row and the slots. */
export function buildRange(keys: ArrayLike<BucketKey>, bits: number): { part: Omit<RangePart, 'at'>; slots: Uint32Array } {
  const { slots, seed, segmentLength, segmentCount } = buildFuseFilter(keys, bits);
  return { part: { seed, segmentLength, segmentCount, keys: keys.length }, slots };
}

/** Slots as little-endian bytes (the file's order whatever the machine's). */
export function slotBytes(slots: Uint32Array): Uint8Array {
  const out = new Uint8Array(slots.byteLength);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < slots.length; i++) dv.setUint32(4 * i, slots[i]!, true);
  return out;
}

/** The header and range table (the shard table and the slots follow it in the file). */
export function rangedHead(layer: number, bucketBits: number, bits: number, rangeBits: number, parts: readonly Omit<RangePart, 'at'>[]): Uint8Array {
  const out = new Uint8Array(HEADER3 + PART * parts.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC3, true);
  dv.setUint32(4, layer, true);
  dv.setUint8(8, bucketBits);
  dv.setUint8(9, bits);
  dv.setUint8(10, rangeBits);
  dv.setUint32(12, parts.reduce((n, p) => n + p.keys, 0), true);
  parts.forEach((p, r) => {
    const at = HEADER3 + PART * r;
    dv.setUint32(at, p.seed, true);
    dv.setUint32(at + 4, p.segmentLength, true);
    dv.setUint32(at + 8, p.segmentCount, true);
    dv.setUint32(at + 12, p.keys, true);
  });
  return out;
}

const fits = (p: Omit<RangePart, 'at'>) => p.segmentLength >= 4 && p.segmentLength <= 2 ** 18 && !(p.segmentLength & (p.segmentLength - 1)) && p.segmentCount >= 1 && p.segmentCount <= 2 ** 26;

/** Reads a format 3 summary (hash already checked); refuses one whose sizes disagree with themselves or the manifest. */
export function decodeRanged(bytes: Uint8Array, bucketBits: number, filterBits: number | undefined): { ranged: RangedFilter; keys: number; filter: Uint32Array; shards: Uint8Array } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bits = dv.getUint8(9);
  const rangeBits = dv.getUint8(10);
  if (bits !== filterBits || rangeBits > MAX_RANGE_BITS) throw new Error('the summary does not fit its manifest');
  const table = HEADER3 + (PART << rangeBits);
  if (bytes.byteLength < table) throw new Error('the summary has the wrong length');
  const parts: RangePart[] = [];
  let words = 0;
  for (let r = 0; r < 1 << rangeBits; r++) {
    const at = HEADER3 + PART * r;
    const p = { seed: dv.getUint32(at, true), segmentLength: dv.getUint32(at + 4, true), segmentCount: dv.getUint32(at + 8, true), keys: dv.getUint32(at + 12, true), at: words };
    if (!fits(p)) throw new Error('the summary does not fit its manifest');
    parts.push(p);
    words += fuseWords({ ...p, bits });
  }
  const shardsAt = table;
  const slotsAt = shardsAt + (32 << bucketBits);
  if (bytes.byteLength !== slotsAt + 4 * words) throw new Error('the summary has the wrong length');
  const filter = new Uint32Array(words);
  for (let i = 0; i < words; i++) filter[i] = dv.getUint32(slotsAt + 4 * i, true);
  return { ranged: { bits, rangeBits, parts }, keys: dv.getUint32(12, true), filter, shards: bytes.slice(shardsAt, slotsAt) };
}

/** Whether the key's range filter holds it (false: certainly not registered). */
export function rangedHas(ranged: RangedFilter, filter: Uint32Array, key: BucketKey): boolean {
  const p = ranged.parts[rangeOf(key, ranged.rangeBits)]!;
  if (!p.keys) return false;
  const f: FuseFilter = { bits: ranged.bits, seed: p.seed, segmentLength: p.segmentLength, segmentCount: p.segmentCount, slots: filter.subarray(p.at, p.at + fuseWords({ ...p, bits: ranged.bits })) };
  return fuseHas(f, key);
}

export const rangedHeadBytes = (ranged: RangedFilter) => HEADER3 + PART * ranged.parts.length;

/** Writes a file from its parts, in order, without holding them all (the CLI: a file stream). `parts` may be called more than once. */
export type WriteParts = (path: string, parts: () => AsyncIterable<Uint8Array>) => Promise<void>;

/** The summary (format 3), made range by range while the shards are written: each range's filter slots go to the spill store; the file is then written as it is read back, hashed as it passes. */
export class RangedSummaryWriter {
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
