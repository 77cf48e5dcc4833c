import { afterEach, describe, expect, it } from 'vitest';
import type { RegistryDB } from '../../src/storage/db.js';
import { deleteRegistry, getRegistryEdition, listRegistries, putRegistryEdition, type RegistryRecord } from '../../src/storage/registries.js';
import { cachedBytes, cachedFiles, storeFiles, trimRegistryCache } from '../../src/storage/registry-cache.js';
import { scratchDbs } from './helpers/scratch-db.js';

const scratch = scratchDbs('registries');
const opened: RegistryDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});
async function open(): Promise<RegistryDB> {
  const db = await scratch.open();
  opened.push(db);
  return db;
}

const rec = (id: string, added: number): RegistryRecord => ({
  id,
  base: `https://r.example/${id}/`,
  name: id,
  publicKey: 'k',
  keyFingerprint: 'fp',
  edition: 1,
  publishers: [],
  works: 0,
  off: [],
  added,
  installedAt: added,
});
const bytes = (n: number, v = 1) => new Uint8Array(n).fill(v);

describe('registry storage', () => {
  it('stores a record with its edition, lists by age and removes both with the cached files', async () => {
    const db = await open();
    await putRegistryEdition(db, rec('b', 2), { manifest: { e: 2 }, summary: 's' });
    await putRegistryEdition(db, rec('a', 1), { manifest: { e: 1 }, summary: 's' });
    await storeFiles(db, 'a', new Map([['shards/x', { bytes: bytes(10) }]]));
    expect((await listRegistries(db)).map((r) => r.id)).toEqual(['a', 'b']);
    expect(await getRegistryEdition(db, 'a')).toEqual({ manifest: { e: 1 }, summary: 's' });
    await deleteRegistry(db, 'a');
    expect((await listRegistries(db)).map((r) => r.id)).toEqual(['b']);
    expect(await getRegistryEdition(db, 'a')).toBeUndefined();
    expect(await cachedBytes(db, 'a')).toBe(0);
  });

  it('keeps fetched files with their validators and evicts the least recently used past the budget', async () => {
    const db = await open();
    await storeFiles(db, 'r', new Map([['old', { bytes: bytes(100), etag: '"1"' }]]), { now: 1, budget: 1000 });
    await storeFiles(db, 'r', new Map([['mid', { bytes: bytes(100) }]]), { now: 2, budget: 1000 });
    // A read much later touches `old`: now `mid` is the least recently used.
    expect((await cachedFiles(db, 'r', ['old', 'none'], 10 * 60 * 1000 + 5)).get('old')?.etag).toBe('"1"');
    await storeFiles(db, 'r', new Map([['new', { bytes: bytes(100) }]]), { now: 10 * 60 * 1000 + 6, budget: 250 });
    const left = await cachedFiles(db, 'r', ['old', 'mid', 'new']);
    expect([...left.keys()].sort()).toEqual(['new', 'old']);
    expect(await trimRegistryCache(db, 0)).toBe(2);
  });
});
