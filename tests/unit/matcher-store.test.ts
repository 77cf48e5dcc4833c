import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { STORED_INDEX_VERSION } from '../../src/lib/packed-registry.js';
import type { RegistryContent, SourceId } from '../../src/lib/types.js';
import { openRegistry } from '../../src/storage/db.js';
import { dropStoredIndex, INDEX_BLOB_KEY, loadMatcher } from '../../src/storage/matcher-store.js';
import { replaceSource } from '../../src/storage/registry.js';

const A = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const B = 'd91cb118b11cfc9b88fd88fc28e470cf32cf02505e4f6c5f640775137c0f7c1d';
const names: string[] = [];
afterEach(() => {
  for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
});
async function freshDb() {
  const name = `ms-${Math.random()}`;
  names.push(name);
  return openRegistry(name);
}

function content(source: SourceId, fps: string[][]): RegistryContent {
  return {
    creators: [{ id: `${source}/c`, source, name: 'Creator' }],
    models: [{ id: `${source}/m`, source, creatorId: `${source}/c`, name: 'Model', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: fps.map((f, i) => ({ id: `${source}/w${i}`, source, modelId: `${source}/m`, fingerprints: f, addedAt: '2026-01-01' })),
  };
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
    expect(second.matcher.match(B, 'https://x.example/').map((m) => m.workId)).toEqual(['own/w1']);
    expect(second.matcher.match(A, 'https://x.example/').map((m) => m.workId).sort()).toEqual(['own/w0', 'own/w1']);
    db.close();
  });

  it.each([
    ['garbage', 'not a stored index', () => 'garbage'],
    ['an older version', `version ${STORED_INDEX_VERSION - 1}`, (v: Record<string, unknown>) => ({ ...v, version: STORED_INDEX_VERSION - 1 })],
    ['truncated arrays', 'sizes disagree', (v: Record<string, unknown>) => ({ ...v, hashes: (v.hashes as Uint32Array).slice(0, 8) })],
    ['a broken work table', 'corrupt', (v: Record<string, unknown>) => ({ ...v, starts: Uint32Array.from([0, 5, 3]) })],
    ['a wrong model reference', 'models are corrupt', (v: Record<string, unknown>) => ({ ...v, workModel: Uint32Array.from([0, 7]) })],
    ['plain arrays instead of typed ones', 'arrays are corrupt', (v: Record<string, unknown>) => ({ ...v, hashes: [...(v.hashes as Uint32Array)] })],
  ])('rebuilds from the works, losing nothing, when the stored index is %s', async (_, reason, spoil) => {
    const db = await freshDb();
    await replaceSource(db, 'own', content('own', [[A], [B, A]]));
    await loadMatcher(db);
    const stored = (await db.get('blobs', INDEX_BLOB_KEY)) as Record<string, unknown>;
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

  it('does not store a rebuilt index when the registry changed while it was built', async () => {
    const db = await freshDb();
    await replaceSource(db, 'own', content('own', [[A]]));
    await loadMatcher(db, () => false);
    expect(await db.get('blobs', INDEX_BLOB_KEY)).toBeUndefined();
    db.close();
  });
});
