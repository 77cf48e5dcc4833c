/**
 * The registry as the matcher needs it, packed: every indexable work's fingerprints with their index tables
 * (match.ts) plus each work's model, so that a start-up reads one stored value and the small creators/models stores
 * instead of every work record, and builds nothing. `storedIndex`/`parseStoredIndex` give and check its stored
 * form: every array in one ArrayBuffer (stored-arrays.ts; a new typed-array or string-list field of PackedRegistry
 * is stored as it is: give it a check in `parseStoredIndex` and bump STORED_INDEX_VERSION).
 * src/storage/matcher-store.ts keeps it in the `blobs` store; anything that does not check out is rebuilt from the works.
 * The works' detail thumbnails (1,024 bytes each, about 37 bytes per fingerprint) are NOT packed: they stay in the
 * works store and are read for the few works a query verifies (src/storage/work-details.ts); what is packed is each
 * work's detail key (32 bytes, computed here, so a start-up computes nothing) and whether it has a thumbnail.
 */
import { DETAIL_SIDE } from '../detail/luma-thumb.js';
import { detailKey, grid8, KEY_WORDS } from '../detail/detail-key.js';
import { DETAIL_BYTES } from '../detail/detail-verify.js';
import { buildTables, buildTablesSliced } from './index-tables.js';
import { HASH_WORDS, hexToWords } from '../hash/bits.js';
import { SLICE_MS, yieldTask } from '../../time-slice.js';
import { fromBase64url } from '../../base64url.js';
import type { PackedFingerprints } from './fingerprint-index.js';
import { packArrays, unpackArrays, type Fields, type PackedArrays } from './stored-arrays.js';
import { isFingerprintHex } from '../hash/bits.js';
import type { RegistryContent, Work } from '../../types.js';

export const STORED_INDEX_FORMAT = 'license-lens/fingerprint-index';
/** Bump when the packed layout or what workFingerprints stores changes: older stored indexes are then rebuilt. */
export const STORED_INDEX_VERSION = 5; // 3: per-work detail thumbnails; 4: detail keys instead of thumbnails; 5: 16-bit bucket bounds, narrow workModel

export interface PackedRegistry extends PackedFingerprints {
  /** Index into modelIds of each work's model, in the narrowest array that holds them (`narrowIndexes`). */
  workModel: Uint8Array | Uint16Array | Uint32Array;
  modelIds: string[];
  /** Each work's detail key and mask (detail-key.ts), 2 * KEY_WORDS words each in index order; all zero without a thumbnail. */
  detailKeys: Uint32Array;
  /** 1 for each work with a detail thumbnail (kept in its work record, not here), else 0. */
  hasDetail: Uint8Array;
  /** Malformed work records left out (skippedWorks); stored beside the arrays, not among them. */
  skipped?: number;
}

export interface StoredIndex extends PackedArrays {
  format: typeof STORED_INDEX_FORMAT;
  version: number;
  /** Number of records in the works store when this was built: a cheap check that it still describes them. */
  worksInStore: number;
  /** PackedRegistry.skipped; absent from indexes stored before it existed, which held no malformed record (their build threw). */
  skipped?: number;
}

/**
 * A work record the index can hold: every fingerprint 64 lowercase hex characters. Lists, backups and the own
 * registry are validated on the way in; a record stored by older code (or restored from a backup it accepted) may
 * still be malformed, and one such record must cost only itself, never every verdict (issue 19.3).
 */
function wellFormed(w: Work): boolean {
  return Array.isArray(w.fingerprints) && w.fingerprints.every(isFingerprintHex);
}

/** Why the index leaves out the works `skippedWorks` counts (the options page shows it with the count). */
export const SKIP_REASON = 'a fingerprint is not 64 lowercase hex characters';

/** Works the matcher can give a verdict for (their model is known, their record well formed), sorted by id. */
export function indexableWorks(content: RegistryContent): Work[] {
  const models = new Set(content.models.map((m) => m.id));
  return content.works.filter((w) => models.has(w.modelId) && wellFormed(w) && w.fingerprints.length).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** How many work records are malformed (left out of the index). */
export function skippedWorks(content: Pick<RegistryContent, 'works'>): number {
  return content.works.filter((w) => !wellFormed(w)).length;
}

export function packRegistry(content: RegistryContent): PackedRegistry {
  const steps = packing(content);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * packRegistry for large registries (the rebuild after a 180,000-work list, issue 19.6), index tables included:
 * the same steps, in time slices (lib/time-slice.ts) so the thread answers other events meanwhile.
 */
export async function packRegistrySliced(content: RegistryContent): Promise<PackedRegistry> {
  const steps = packing(content);
  let end = performance.now() + SLICE_MS;
  for (;;) {
    const r = steps.next();
    if (r.done) return { ...r.value, tables: await buildTablesSliced(r.value.hashes, r.value.hashes.length / HASH_WORDS) };
    if (performance.now() > end) {
      await yieldTask();
      end = performance.now() + SLICE_MS;
    }
  }
}

/**
 * The one packing of both functions above, one work per step (without the index tables: FingerprintIndex builds
 * them when absent). The works come from the store in id order, so indexableWorks' sort has little to do.
 */
function* packing(content: RegistryContent): Generator<void, PackedRegistry> {
  const works = indexableWorks(content);
  const modelIds = [...new Set(works.map((w) => w.modelId))];
  const pos = new Map(modelIds.map((id, i) => [id, i]));
  const starts = new Uint32Array(works.length + 1);
  works.forEach((w, i) => (starts[i + 1] = starts[i]! + w.fingerprints.length));
  const hashes = new Uint32Array(starts[works.length]! * HASH_WORDS);
  const detailKeys = new Uint32Array(works.length * 2 * KEY_WORDS);
  const hasDetail = new Uint8Array(works.length);
  for (let i = 0; i < works.length; i++) {
    const w = works[i]!;
    w.fingerprints.forEach((hex, k) => hexToWords(hex, hashes.subarray((starts[i]! + k) * HASH_WORDS, (starts[i]! + k + 1) * HASH_WORDS)));
    const thumb = thumbOf(w.detail);
    if (thumb) {
      hasDetail[i] = 1;
      detailKey(grid8(thumb, DETAIL_SIDE), detailKeys, i * 2 * KEY_WORDS);
    }
    yield;
  }
  const workModel = narrowIndexes(works.length, modelIds.length, (i) => pos.get(works[i]!.modelId)!);
  return { workIds: works.map((w) => w.id), starts, hashes, workModel, modelIds, detailKeys, hasDetail, skipped: skippedWorks(content) };
}

/** `length` indexes below `count`, 1 byte each when count <= 256, 2 when <= 65,536 (a registry has few models), else 4. */
export function narrowIndexes(length: number, count: number, at: (i: number) => number): Uint8Array | Uint16Array | Uint32Array {
  const out = count <= 0x100 ? new Uint8Array(length) : count <= 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
  for (let i = 0; i < length; i++) out[i] = at(i);
  return out;
}

/**
 * Every work's detail key and mask (detail-key.ts) from its thumbnail, 2 * KEY_WORDS words each in the given order;
 * a work without a thumbnail keeps an empty mask, so it is never a key candidate. Tests and bench:index's miss
 * report build their keys here too, so what they check is what the index holds.
 */
export function detailKeysOf(thumbs: readonly (Uint8Array | null | undefined)[]): Uint32Array {
  const out = new Uint32Array(thumbs.length * 2 * KEY_WORDS);
  thumbs.forEach((t, i) => {
    if (t) detailKey(grid8(t, DETAIL_SIDE), out, i * 2 * KEY_WORDS);
  });
  return out;
}

/**
 * A work's detail thumbnail (Work.detail), or null when it has none: missing, malformed or all zero (the work is then
 * only hashed). Lists are validated; this guards records stored by older code.
 */
export function thumbOf(detail: string | undefined): Uint8Array | null {
  if (!detail) return null;
  try {
    const bytes = fromBase64url(detail);
    return bytes.length === DETAIL_BYTES && bytes.some((v) => v !== 0) ? bytes : null;
  } catch {
    return null; // not base64url
  }
}

/** The stored form of a packed registry, with its index tables (pass FingerprintIndex.tables, or they are built). */
export function storedIndex(packed: PackedRegistry, worksInStore: number): StoredIndex {
  const tables = packed.tables ?? buildTables(packed.hashes, packed.hashes.length / 8);
  const { skipped, ...arrays } = packed;
  return { format: STORED_INDEX_FORMAT, version: STORED_INDEX_VERSION, worksInStore, skipped, ...packArrays({ ...arrays, tables } as unknown as Fields) };
}

/** The packed registry in a stored value, or why it cannot be used (corrupt, older version, out of date). */
export function parseStoredIndex(value: unknown, worksInStore: number): { ok: true; packed: PackedRegistry } | { ok: false; reason: string } {
  if (value === undefined) return { ok: false, reason: 'no stored index' };
  const v = value as Partial<StoredIndex> | null;
  if (!v || typeof v !== 'object' || v.format !== STORED_INDEX_FORMAT) return { ok: false, reason: 'not a stored index' };
  if (v.version !== STORED_INDEX_VERSION) return { ok: false, reason: `stored index version ${String(v.version)}, current ${STORED_INDEX_VERSION}` };
  if (v.worksInStore !== worksInStore) return { ok: false, reason: 'stored index is out of date' };
  const read = unpackArrays(v);
  if (!read.ok) return read;
  const { workIds, starts, hashes, workModel, modelIds, tables, detailKeys, hasDetail } = read.fields as Partial<Record<string, unknown>> as Partial<PackedRegistry>;
  const modelArray = workModel instanceof Uint8Array || workModel instanceof Uint16Array || workModel instanceof Uint32Array;
  if (!(starts instanceof Uint32Array) || !(hashes instanceof Uint32Array) || !modelArray) return { ok: false, reason: 'stored index arrays are corrupt' };
  const tablesKinds = tables && tables.blockStarts instanceof Uint32Array && tables.bucketStarts instanceof Uint16Array && tables.wide instanceof Uint32Array && tables.entries instanceof Uint8Array;
  if (!tablesKinds) return { ok: false, reason: 'stored index tables are corrupt' };
  if (!Array.isArray(workIds) || !Array.isArray(modelIds)) return { ok: false, reason: 'stored index ids are corrupt' };
  if (workModel.length !== workIds.length || workModel.some((m) => m >= modelIds.length)) return { ok: false, reason: 'stored index models are corrupt' };
  if (starts.length !== workIds.length + 1 || hashes.length % 8 || starts[workIds.length] !== hashes.length / 8) return { ok: false, reason: 'stored index sizes disagree' };
  if (!(detailKeys instanceof Uint32Array) || detailKeys.length !== workIds.length * 2 * KEY_WORDS) return { ok: false, reason: 'stored index detail keys are corrupt' };
  if (!(hasDetail instanceof Uint8Array) || hasDetail.length !== workIds.length) return { ok: false, reason: 'stored index detail flags are corrupt' };
  const skipped = typeof v.skipped === 'number' && v.skipped >= 0 ? v.skipped : 0;
  return { ok: true, packed: { ...(read.fields as unknown as PackedRegistry), skipped } };
}
