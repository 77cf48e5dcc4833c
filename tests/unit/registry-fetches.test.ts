/**
 * The registries a restore left to fetch (storage/registry-fetches.ts): recorded in the restore's own transaction,
 * kept across a restore of a backup without registries, each dropped once, and read back whatever was stored.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseBackup, restoreBackup } from '../../src/storage/backup-file.js';
import { dropRegistryFetch, fetchesAfterRestore, readRegistryFetches, REGISTRY_FETCHES_KEY, withoutFetch } from '../../src/storage/registry-fetches.js';
import { backupProfiles } from './helpers/backup-profile.js';

const { itemOf, populated, exportBackupOf } = backupProfiles('registry-fetches');

const SAVED = {
  id: 'r1', url: 'https://reg.example/manifest.json', base: 'https://reg.example/', name: 'Catalog', publicKey: 'B'.repeat(43),
  keyFingerprint: 'abcd abcd abcd abcd abcd abcd abcd abcd', edition: 3, off: [], added: 10,
};

describe('registries left to fetch after a restore', () => {
  it('are the restored registries with an address, or those still pending when the backup has no registries', () => {
    expect(fetchesAfterRestore([SAVED, { ...SAVED, id: 'file', url: undefined }, { ...SAVED, id: 'r2' }], ['old'])).toEqual(['r1', 'r2']);
    expect(fetchesAfterRestore([], ['old'])).toEqual([]);
    expect(fetchesAfterRestore(undefined, ['old', 'r1'])).toEqual(['old', 'r1']);
    expect(withoutFetch(['a', 'b'], 'a')).toEqual(['b']);
    expect(withoutFetch(['a'], 'a')).toBeUndefined();
    expect(withoutFetch(['a'], 'z')).toEqual(['a']);
  });

  it('are written by the restore itself, replace an earlier set, survive a restore without registries, and leave one at a time', async () => {
    const backup = await exportBackupOf(await populated());
    const db = await populated();
    await db.put('blobs', ['stale'], REGISTRY_FETCHES_KEY);
    await restoreBackup(db, itemOf(db), parseBackup(JSON.stringify({ ...backup, stores: { ...backup.stores, registries: [SAVED, { ...SAVED, id: 'r2', publicKey: 'C'.repeat(43), url: 'https://reg.example/b/manifest.json', base: 'https://reg.example/b/' }] } })));
    expect(await readRegistryFetches(db)).toEqual(['r1', 'r2']);
    // A backup from before registries were saved leaves the registries, and so what they still need.
    const old = { ...backup, stores: { ...backup.stores } };
    delete (old.stores as Partial<typeof old.stores>).registries;
    await restoreBackup(db, itemOf(db), parseBackup(JSON.stringify(old)));
    expect(await readRegistryFetches(db)).toEqual(['r1', 'r2']);
    await dropRegistryFetch(db, 'r1');
    await dropRegistryFetch(db, 'r1');
    expect(await readRegistryFetches(db)).toEqual(['r2']);
    await dropRegistryFetch(db, 'r2');
    expect(await db.get('blobs', REGISTRY_FETCHES_KEY)).toBeUndefined();
    // A restore whose registries all came from files leaves nothing to fetch.
    await restoreBackup(db, itemOf(db), parseBackup(JSON.stringify({ ...backup, stores: { ...backup.stores, registries: [{ ...SAVED, url: undefined }] } })));
    expect(await db.get('blobs', REGISTRY_FETCHES_KEY)).toBeUndefined();
  });

  it('reads anything else stored under its key as nothing to fetch', async () => {
    const db = await populated();
    await db.put('blobs', { not: 'a list' }, REGISTRY_FETCHES_KEY);
    expect(await readRegistryFetches(db)).toEqual([]);
    await db.put('blobs', ['r1', 7, null], REGISTRY_FETCHES_KEY);
    expect(await readRegistryFetches(db)).toEqual(['r1']);
  });
});
