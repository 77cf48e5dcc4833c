/**
 * Backup and restore of added registries: a backup saves what re-adds one (address, pinned key, edition held,
 * switches), never its edition or fetched files, and refuses a registry it would make fetch from elsewhere.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REGISTRY_STORES, parseBackup, restoreBackup } from '../../src/storage/backup-file.js';
import type { RegistryDB } from '../../src/storage/db.js';
import { putRegistryEdition, type RegistryRecord } from '../../src/storage/registries.js';
import { backupProfiles } from './helpers/backup-profile.js';
import { setPublisher } from '../../src/background/registries/registry-client.js';

const { itemOf, dump, populated, exportBackupOf } = backupProfiles('backup-registries');
afterEach(() => vi.restoreAllMocks());

describe('backup: registries', () => {
  const KEY = 'B'.repeat(43);
  const REG: RegistryRecord = {
    id: 'r1', url: 'https://reg.example/manifest.json', base: 'https://reg.example/', name: 'Catalog', publicKey: KEY,
    keyFingerprint: 'abcd abcd abcd abcd abcd abcd abcd abcd', edition: 7, published: '2026-12-01T00:00:00Z',
    publishers: [{ id: 0, name: 'Ann', keyFingerprint: 'x', works: 3, verified: [] }, { id: 1, name: 'Bo', keyFingerprint: 'y', works: 2, verified: [] }],
    works: 5, off: [1], etag: '"e7"', added: 10, installedAt: 11, checkedAt: 12,
  };
  async function withRegistry(): Promise<RegistryDB> {
    const db = await populated();
    await putRegistryEdition(db, REG, { manifest: { large: true }, summary: { layers: [] } });
    await db.put('registryCache', { key: 'r1 shards/aa.json', registry: 'r1', bytes: new Uint8Array(4), lastUsed: 1 } as never);
    return db;
  }

  it('saves what re-adds a registry (address, pinned key, edition, switches), never its edition or fetched files, and restores it to be fetched again', async () => {
    const backup = await exportBackupOf(await withRegistry());
    expect(backup.stores.registries).toEqual([{ id: 'r1', url: REG.url, base: REG.base, name: 'Catalog', publicKey: KEY, keyFingerprint: REG.keyFingerprint, edition: 7, off: [1], added: 10 }]);
    const target = await withRegistry();
    await target.put('registries', { ...REG, id: 'other', publicKey: 'C'.repeat(43) } as never);
    const counts = await restoreBackup(target, itemOf(target), parseBackup(JSON.stringify(backup)));
    expect(counts.registries).toBe(1);
    // Replaced, not merged; the edition and cache are gone, to be fetched again under the pinned key.
    // No edition held (installedAt 0), which the options page words in the user's language: no stored English note.
    expect(await target.getAll('registries')).toEqual([{ ...backup.stores.registries![0], publishers: [], works: 0, installedAt: 0 }]);
    expect(await target.count('registryData')).toBe(0);
    expect(await target.count('registryCache')).toBe(0);
  });

  it('leaves registries as they are when restoring a backup written before registries were saved', async () => {
    const old = await exportBackupOf(await populated());
    delete (old.stores as Partial<typeof old.stores>).registries;
    const target = await withRegistry();
    const before = await dump(target);
    await restoreBackup(target, itemOf(target), parseBackup(JSON.stringify(old)));
    const after = await dump(target);
    for (const store of REGISTRY_STORES) expect(after[store], store).toEqual(before[store]);
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a malformed pinned key', { publicKey: 'short' }, /registries\.0\.publicKey/],
    ['a base that is not http(s)', { base: 'file:///etc/' }, /registries\.0\.base/],
    ['a base that is not a folder', { base: 'https://reg.example/manifest.json' }, /ends with \//],
    ['an edition 0', { edition: 0 }, /registries\.0\.edition/],
    ['a switched-off publisher that is not a count', { off: [-1] }, /registries\.0\.off/],
    ['an id with a slash', { id: '../x' }, /registry id/],
    // Its shards would be fetched from a host the registry never named (lookups' bucket ids sent there).
    ['a base on another host than its address', { base: 'https://tracker.example/' }, /registry r1's base https:\/\/tracker\.example\/ is not the folder of its address/],
    ['a base in another folder of its address\'s host', { base: 'https://reg.example/other/' }, /is not the folder of its address/],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses a backup whose registry has ${what}`, async () => {
      const b = JSON.parse(JSON.stringify(await exportBackupOf(await withRegistry()))) as { stores: { registries: object[] } };
      b.stores.registries = [{ ...b.stores.registries[0], ...change }];
      expect(() => parseBackup(JSON.stringify(b))).toThrow(message);
    });
  }

  it('refuses two registries with the same pinned key', async () => {
    const b = await exportBackupOf(await withRegistry());
    b.stores.registries = [b.stores.registries![0]!, { ...b.stores.registries![0]!, id: 'r2' }];
    expect(() => parseBackup(JSON.stringify(b))).toThrow(/two registries have the same key/);
  });

  it('never writes the replaced registry back when a publisher is switched while a restore runs', async () => {
    const none = await exportBackupOf(await populated());
    const db = await withRegistry();
    // Asked together, as the options page's switch and a restore can be: the switch lands before the restore or not at all.
    const [switched] = await Promise.allSettled([setPublisher(db, 'r1', 0, false), restoreBackup(db, itemOf(db), parseBackup(JSON.stringify(none)))]);
    expect(switched.status).toBe('fulfilled');
    expect(await db.getAll('registries')).toEqual([]);
  });
});

