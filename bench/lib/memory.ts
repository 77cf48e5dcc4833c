/**
 * What the matcher holds per fingerprint, array by array ("all in" in bench:index): the fingerprint index's typed
 * arrays (fingerprints, table entries, bucket bounds, work starts), each work's model, detail key and flag, the
 * detail-key index, and the work-id strings (2 bytes a character plus 16 a string). The tables' arrays are summed
 * whatever their names, so the same code measures an older layout (bench/memory.ts against a baseline worktree).
 */
import type { PackedRegistry } from '../../src/lib/match/indexing/packed-registry.js';

export type Breakdown = Record<string, number>;

const bytesOf = (v: unknown) => (ArrayBuffer.isView(v) ? v.byteLength : 0);

/** Bytes per part; `tables` is FingerprintIndex.tables, `keyIndexBytes` KeyIndex.bytes (0 without one). */
export function memoryBreakdown(packed: PackedRegistry, tables: object, keyIndexBytes: number): Breakdown {
  const { entries, ...bounds } = tables as Record<string, unknown>;
  return {
    fingerprints: packed.hashes.byteLength,
    'table entries': bytesOf(entries),
    'bucket bounds': Object.values(bounds).reduce<number>((a, v) => a + bytesOf(v), 0),
    'work starts': packed.starts.byteLength,
    'work models': packed.workModel.byteLength,
    'detail keys': packed.detailKeys.byteLength,
    'detail flags': packed.hasDetail.byteLength,
    'key index': keyIndexBytes,
    'work ids': packed.workIds.reduce((a, s) => a + 2 * s.length + 16, 0),
  };
}

export const total = (b: Breakdown) => Object.values(b).reduce((a, v) => a + v, 0);

/** Bytes per fingerprint, each part and `all in`, to two decimals. */
export function perFingerprint(b: Breakdown, fingerprints: number): Breakdown {
  const out: Breakdown = {};
  for (const [k, v] of Object.entries(b)) out[k] = +(v / fingerprints).toFixed(2);
  out['all in'] = +(total(b) / fingerprints).toFixed(2);
  return out;
}
