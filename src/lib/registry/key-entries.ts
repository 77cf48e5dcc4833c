/**
 * The builder's key entries (key, pack, slot), spilled in runs so memory stays bounded whatever the registry's size:
 * entries gather in one fixed buffer; when it fills, they are split by bucket range (the top RANGE_BITS of the
 * key's bucket hash, so every bucket of any size lies in one range) and each range's part is appended to that
 * range's run in a spill store (temp files in the CLI, memory in tests). The shard writer then reads one range at a
 * time. Entries keep the order they were made in within a range, so the output does not depend on the buffer size.
 */
import { bucketOf, type BucketKey } from './key-hash.js';

/** Where the builder puts files: `path` relative to the registry root. */
export type WriteFile = (path: string, bytes: Uint8Array) => Promise<void>;

/** Append-only runs of bytes by number (the CLI's are temp files: src/cli/registry-spill.ts). */
export interface SpillStore {
  append(run: number, bytes: Uint8Array): Promise<void>;
  /** Every byte appended to the run, in order (empty when none). */
  read(run: number): Promise<Uint8Array>;
  /** Frees the run once read. */
  drop(run: number): Promise<void>;
}

export function memorySpill(): SpillStore {
  const runs = new Map<number, Uint8Array[]>();
  return {
    append: async (run, bytes) => void (runs.get(run) ?? runs.set(run, []).get(run)!).push(bytes.slice()),
    read: async (run) => concat(runs.get(run) ?? []),
    drop: async (run) => void runs.delete(run),
  };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) at += (out.set(p, at), p.byteLength);
  return out;
}

/** Bucket ranges: entries of range r are read together (at most 1/256 of all entries: 4 MB a range at 10M fingerprints). */
export const RANGE_BITS = 8;
export const RANGES = 1 << RANGE_BITS;
/** Entries held before a spill: 14 bytes each, about 59 MB. */
const BUFFER = 1 << 22;

/** One range's entries as read back. */
export interface EntryRun {
  keys: Float64Array;
  packs: Uint32Array;
  slots: Uint8Array;
}

export class KeyEntries {
  /** Entries pushed so far (spilled or not). */
  length = 0;
  private held = 0;
  private readonly keys: Float64Array;
  private readonly packs: Uint32Array;
  private readonly slots: Uint8Array;
  private readonly ranges: Uint16Array;

  constructor(
    readonly spill: SpillStore,
    capacity = BUFFER,
  ) {
    this.keys = new Float64Array(capacity);
    this.packs = new Uint32Array(capacity);
    this.slots = new Uint8Array(capacity);
    this.ranges = new Uint16Array(capacity);
  }

  /** Adds one entry; true when the buffer is full and the caller must `await flush()` before the next push (no await per key). */
  push(key: BucketKey, pack: number, slot: number): boolean {
    const i = this.held++;
    this.keys[i] = key;
    this.packs[i] = pack;
    this.slots[i] = slot;
    this.ranges[i] = bucketOf(key, RANGE_BITS);
    this.length++;
    return this.held === this.keys.length;
  }

  /** Appends what the buffer holds to the ranges' runs: per range a chunk `n u32, keys f64 x n, packs u32 x n, slots u8 x n`. */
  async flush(): Promise<void> {
    const n = this.held;
    if (!n) return;
    const starts = new Uint32Array(RANGES + 1);
    for (let i = 0; i < n; i++) starts[this.ranges[i]! + 1]!++;
    for (let r = 0; r < RANGES; r++) starts[r + 1]! += starts[r]!;
    const order = new Uint32Array(n);
    const fill = starts.slice(0, RANGES);
    for (let i = 0; i < n; i++) order[fill[this.ranges[i]!]!++] = i;
    for (let r = 0; r < RANGES; r++) {
      const rows = order.subarray(starts[r]!, starts[r + 1]!);
      if (!rows.length) continue;
      const m = rows.length;
      const chunk = new ArrayBuffer(8 + 13 * m);
      new Uint32Array(chunk, 0, 1)[0] = m;
      const keys = new Float64Array(chunk, 8, m);
      const packs = new Uint32Array(chunk, 8 + 8 * m, m);
      const slots = new Uint8Array(chunk, 8 + 12 * m, m);
      for (let j = 0; j < m; j++) {
        const i = rows[j]!;
        keys[j] = this.keys[i]!;
        packs[j] = this.packs[i]!;
        slots[j] = this.slots[i]!;
      }
      await this.spill.append(r, new Uint8Array(chunk));
    }
    this.held = 0;
  }

  /** Range r's run as stored (parseRun reads it: the shard threads parse their own); the run is dropped from the store. */
  async readRaw(r: number): Promise<Uint8Array> {
    const bytes = await this.spill.read(r);
    await this.spill.drop(r);
    return bytes;
  }
}

/** A run's chunks (KeyEntries.flush) as one set of entries, in the order they were appended. */
export function parseRun(bytes: Uint8Array): EntryRun {
  const chunks: { at: number; m: number }[] = [];
  let total = 0;
  for (let at = 0; at < bytes.byteLength; ) {
    if (at + 8 > bytes.byteLength) throw new Error('a spilled run of key entries is cut short');
    const m = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
    if (at + 8 + 13 * m > bytes.byteLength) throw new Error('a spilled run of key entries is cut short');
    chunks.push({ at, m });
    total += m;
    at += 8 + 13 * m;
  }
  const out: EntryRun = { keys: new Float64Array(total), packs: new Uint32Array(total), slots: new Uint8Array(total) };
  let j = 0;
  for (const { at, m } of chunks) {
    // Copied out of the read buffer (a chunk's offset in it need not be 8-byte aligned; a Node Buffer's slice is a view).
    const own = new Uint8Array(bytes.subarray(at, at + 8 + 13 * m)).buffer;
    out.keys.set(new Float64Array(own, 8, m), j);
    out.packs.set(new Uint32Array(own, 8 + 8 * m, m), j);
    out.slots.set(new Uint8Array(own, 8 + 12 * m, m), j);
    j += m;
  }
  return out;
}
