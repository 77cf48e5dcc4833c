import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { IndexTables } from '../../src/lib/match/indexing/index-tables.js';
import { STORED_INDEX_VERSION, type StoredIndex } from '../../src/lib/match/indexing/packed-registry.js';
import { checksum, packArrays, unpackArrays, type Fields } from '../../src/lib/match/indexing/stored-arrays.js';
import type { RegistryContent, SourceId } from '../../src/lib/types.js';
import { dropStoredIndex, INDEX_BLOB_KEY, loadMatcher, unwrapStoredIndex } from '../../src/storage/matcher-store.js';
import { replaceSource } from '../../src/storage/registry.js';
import { scratchDbs } from './helpers/scratch-db.js';

const A = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const B = 'd91cb118b11cfc9b88fd88fc28e470cf32cf02505e4f6c5f640775137c0f7c1d';
const { open: freshDb } = scratchDbs('ms');

function content(source: SourceId, fps: string[][]): RegistryContent {
  return {
    creators: [{ id: `${source}/c`, source, name: 'Creator' }],
    models: [{ id: `${source}/m`, source, creatorId: `${source}/c`, name: 'Model', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: fps.map((f, i) => ({ id: `${source}/w${i}`, source, modelId: `${source}/m`, fingerprints: f, addedAt: '2026-01-01' })),
  };
}

/** The stored value with its arrays changed and packed again (valid checksum), to reach the deeper checks. */
function repack(v: StoredIndex, change: (f: Fields) => Fields): StoredIndex {
  const read = unpackArrays(v);
  if (!read.ok) throw new Error(read.reason);
  return { ...v, ...packArrays(change(read.fields)) };
}

describe('matcher store', () => {
  it('builds the index from the works on first start, stores it, and loads it in one read on the next', async () => {
    const db = await freshDb();
    await replaceSource(db, 'own', content('own', [[A], [B, A]]));
    const first = await loadMatcher(db);
    expect(first.from).toBe('no stored index');
    expect(first.matcher.fingerprintCount).toBe(3);
    const second = await loadMatcher(db);
    expect(second.from).toBe('stored');
    // Loaded, not rebuilt: the tables are views on the one stored buffer, like the fingerprints.
    expect(second.matcher.index.tables.entries.buffer).toBe(second.matcher.packed.hashes.buffer);
    expect(second.matcher.match(B, 'https://x.example/').map((m) => m.workId)).toEqual(['own/w1']);
    expect(second.matcher.match(A, 'https://x.example/').map((m) => m.workId).sort()).toEqual(['own/w0', 'own/w1']);
    db.close();
  });

  it.each([
    ['garbage', 'not a stored index', () => 'garbage'],
    ['an older version', `version ${STORED_INDEX_VERSION - 1}`, (v: StoredIndex) => ({ ...v, version: STORED_INDEX_VERSION - 1 })],
    // Version 3 kept the works' thumbnails (1,024 bytes each) in the index; 4 keeps their keys and reads thumbnails per query.
    ['the version 3 form, thumbnails inside', 'stored index version 3', (v: StoredIndex) => ({ ...repack(v, ({ detailKeys: _k, hasDetail: _h, ...f }) => ({ ...f, details: new Uint8Array(2 * 1024) })), version: 3 })],
    // Version 4 kept 32-bit bucket offsets and 32-bit model indexes; 5 keeps 16-bit bucket starts under block starts.
    ['the version 4 form, 32-bit bucket offsets', 'stored index version 4', (v: StoredIndex) => ({ ...repack(v, ({ tables, workModel, ...f }) => {
      const { entries } = tables as unknown as IndexTables;
      return { ...f, workModel: Uint32Array.from(workModel as Uint8Array), tables: { offsets: new Uint32Array(8 * 17).fill(3), entries } } as unknown as Fields;
    }), version: 4 })],
    ['missing detail keys', 'detail keys are corrupt', (v: StoredIndex) => repack(v, ({ detailKeys: _, ...f }) => f)],
    ['a truncated buffer', 'truncated or corrupt', (v: StoredIndex) => ({ ...v, buffer: v.buffer.slice(0, v.buffer.byteLength - 8) })],
    ['a truncated buffer with a matching checksum', 'is truncated', (v: StoredIndex) => {
      const buffer = v.buffer.slice(0, v.buffer.byteLength - 8);
      return { ...v, buffer, sample: checksum(buffer) };
    }],
    ['a changed word', 'truncated or corrupt', (v: StoredIndex) => {
      const buffer = v.buffer.slice(0);
      new Uint32Array(buffer)[0]! ^= 1;
      return { ...v, buffer };
    }],
    ['an unknown array kind', 'array hashes is corrupt', (v: StoredIndex) => ({ ...v, arrays: { ...v.arrays, hashes: ['BigArray', 0, 8] } })],
    ['bytes instead of words', 'arrays are corrupt', (v: StoredIndex) => ({ ...v, arrays: { ...v.arrays, hashes: ['Uint8Array', v.arrays.hashes![1], 8] } })],
    ['mismatched fingerprint counts', 'sizes disagree', (v: StoredIndex) => ({ ...v, arrays: { ...v.arrays, hashes: ['Uint32Array', v.arrays.hashes![1], 8] } })],
    ['tables for other counts', 'index tables have the wrong size', (v: StoredIndex) => ({ ...v, arrays: { ...v.arrays, 'tables.entries': ['Uint8Array', v.arrays['tables.entries']![1], 3] } })],
    ['missing tables', 'tables are corrupt', (v: StoredIndex) => repack(v, ({ tables: _, ...f }) => f)],
    ['corrupt table bounds', 'table bounds are corrupt', (v: StoredIndex) => repack(v, (f) => ({ ...f, tables: { ...f.tables, blockStarts: (f.tables as unknown as IndexTables).blockStarts.map(() => 1) } }))],
    ['a wide block out of range', 'table bounds are corrupt', (v: StoredIndex) => repack(v, (f) => ({ ...f, tables: { ...f.tables, blockStarts: (f.tables as unknown as IndexTables).blockStarts.map((x, i) => (i ? x : 0x80000000)) } }))],
    ['16-bit bucket bounds missing', 'tables are corrupt', (v: StoredIndex) => repack(v, (f) => ({ ...f, tables: { ...f.tables, bucketStarts: Uint32Array.from((f.tables as unknown as IndexTables).bucketStarts) } }))],
    ['a broken work table', 'corrupt', (v: StoredIndex) => repack(v, (f) => ({ ...f, starts: Uint32Array.from([0, 5, 3]) }))],
    ['a wrong model reference', 'models are corrupt', (v: StoredIndex) => repack(v, (f) => ({ ...f, workModel: Uint32Array.from([0, 7]) }))],
    ['a number instead of work ids', 'strings workIds are corrupt', (v: StoredIndex) => ({ ...v, strings: { ...v.strings, workIds: 7 as unknown as string[] } })],
  ])('rebuilds from the works, losing nothing, when the stored index is %s', async (_, reason, spoil) => {
    const db = await freshDb();
    await replaceSource(db, 'own', content('own', [[A], [B, A]]));
    await loadMatcher(db);
    const stored = (await unwrapStoredIndex(await db.get('blobs', INDEX_BLOB_KEY))) as StoredIndex;
    await db.put('blobs', spoil(stored), INDEX_BLOB_KEY);
    const loaded = await loadMatcher(db);
    expect(loaded.from).toContain(reason);
    expect(loaded.matcher.fingerprintCount).toBe(3);
    expect(loaded.matcher.match(B, 'https://x.example/').map((m) => m.workId)).toEqual(['own/w1']);
    expect((await loadMatcher(db)).from).toBe('stored');
    db.close();
  });

  it('notices a stored index that no longer describes the works, and one dropped after a change', async () => {
    const db = await freshDb();
    await replaceSource(db, 'own', content('own', [[A]]));
    await loadMatcher(db);
    await replaceSource(db, 'list:x', content('list:x', [[B]]));
    const loaded = await loadMatcher(db);
    expect(loaded.from).toBe('stored index is out of date');
    expect(loaded.matcher.match(B, 'https://x.example/').map((m) => m.workId)).toEqual(['list:x/w0']);
    await dropStoredIndex(db);
    expect(await db.get('blobs', INDEX_BLOB_KEY)).toBeUndefined();
    expect((await loadMatcher(db)).from).toBe('no stored index');
    db.close();
  });

  // Issue 19.3: a record written by older code (or restored from a backup that accepted it) cost every verdict.
  it('leaves a malformed work record out of the index, counts it, and still matches every good work, stored and reloaded', async () => {
    const db = await freshDb();
    const good = content('own', [[A], [B]]);
    const bad = [{ ...good.works[0]!, id: 'own/bad', fingerprints: [A, 'not a fingerprint'] }, { ...good.works[0]!, id: 'own/none', fingerprints: 'A' as unknown as string[] }];
    await replaceSource(db, 'own', { ...good, works: [...good.works, ...bad] });
    const first = await loadMatcher(db);
    expect(first.from).toBe('no stored index');
    expect(first.matcher.skippedWorks).toBe(2);
    expect(first.matcher.fingerprintCount).toBe(2);
    expect(first.matcher.match(A, 'https://x.example/').map((m) => m.workId)).toEqual(['own/w0']);
    const second = await loadMatcher(db);
    expect(second.from).toBe('stored');
    expect(second.matcher.skippedWorks).toBe(2);
    expect(second.matcher.match(B, 'https://x.example/').map((m) => m.workId)).toEqual(['own/w1']);
    db.close();
  });

  it('does not store a rebuilt index when the registry changed while it was built', async () => {
    const db = await freshDb();
    await replaceSource(db, 'own', content('own', [[A]]));
    await loadMatcher(db, () => false);
    expect(await db.get('blobs', INDEX_BLOB_KEY)).toBeUndefined();
    db.close();
  });
});
