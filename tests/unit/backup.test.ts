/**
 * Backup and restore: everything (own registrations with thumbnails, signing key, subscriptions with their list
 * records, settings) goes into one file and comes back identical in a fresh database; a broken file, or a restore
 * that runs out of space, changes nothing.
 */
import 'fake-indexeddb/auto';
import { IDBObjectStore as FDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_STORES, DERIVED_STORES, KEPT_STORES, REGISTRY_STORES, backupText, exportBackup, MAX_BACKUP_BYTES, parseBackup, restoreBackup } from '../../src/storage/backup-file.js';
import { backupProfiles, FP } from './helpers/backup-profile.js';

const { fresh, itemOf, dump, populated, exportBackupOf } = backupProfiles('backup');
afterEach(() => vi.restoreAllMocks());

describe('backup', () => {
  it('covers every object store but the derived and the kept ones (a new store must be added here or excluded on purpose)', async () => {
    const db = await fresh();
    expect([...BACKUP_STORES, ...DERIVED_STORES, ...REGISTRY_STORES, ...KEPT_STORES].sort()).toEqual([...db.objectStoreNames].sort());
  });

  it('a restore empties the derived stores, so no stale fingerprint index or cache entry survives it', async () => {
    const target = await populated();
    await target.put('blobs', { stale: new Uint32Array([1, 2]) }, 'fingerprint-index');
    await target.put('fingerprintCache', { key: 'https://x.example/a.jpg', fingerprint: FP, lastUsed: 1 });
    const backup = parseBackup(JSON.stringify(await exportBackup(target, itemOf(target))));
    await restoreBackup(target, itemOf(target), backup);
    expect(await target.count('blobs')).toBe(0);
    expect(await target.count('fingerprintCache')).toBe(0);
  });

  it('restores into a fresh database with every store identical, through the JSON text', async () => {
    const a = await populated();
    const before = await dump(a);
    const text = JSON.stringify(await exportBackup(a, itemOf(a)));
    const b = await fresh();
    const counts = await restoreBackup(b, itemOf(b), parseBackup(text));
    expect(counts).toEqual({ creators: 2, models: 2, works: 4, subscriptions: 1, settings: 5, secrets: 1, thumbs: 1, registries: 0 });
    expect(await dump(b)).toEqual(before);
    // Nothing was empty: the comparison covers real records in every store the user can fill.
    for (const store of ['creators', 'models', 'works', 'settings', 'settingsItem', 'subscriptions', 'secrets', 'thumbs']) expect(before[store]!.length, store).toBeGreaterThan(0);
    // And the source was only read.
    expect(await dump(a)).toEqual(before);
  });

  it('an older backup (settings as IndexedDB entries) restores its settings into the item, other entries into IndexedDB', async () => {
    const old = await exportBackupOf(await populated());
    old.stores.settings = [['marksEnabled', false], ['pausedSites', ['old.example']], ['autoScan', 'not a boolean'], ['lastExportedListVersion', 4]];
    const target = await populated();
    await itemOf(target).write({ demoEnabled: true, autoScan: false });
    await restoreBackup(target, itemOf(target), parseBackup(JSON.stringify(old)));
    expect(await itemOf(target).read()).toEqual({ autoScan: true, marksEnabled: false, pausedSites: ['old.example'], demoEnabled: false });
    expect((await dump(target)).settings).toEqual([['lastExportedListVersion', 4]]);
    // And the next export carries the item's settings with the IndexedDB entry.
    expect((await exportBackupOf(target)).stores.settings).toEqual([['autoScan', true], ['marksEnabled', false], ['pausedSites', ['old.example']], ['demoEnabled', false], ['lastExportedListVersion', 4]]);
  });

  it('replaces what a profile held before (restore is not a merge)', async () => {
    const a = await populated();
    const target = await populated(); // other ids, other key
    await restoreBackup(target, itemOf(target), parseBackup(JSON.stringify(await exportBackup(a, itemOf(a)))));
    expect(await dump(target)).toEqual(await dump(a));
  });

  const broken: Array<[string, (b: Record<string, unknown>) => unknown, RegExp]> = [
    ['not JSON', () => '{"format": "license-lens-backup",', /not JSON/],
    ['another file', () => ({ format: 'license-lens-list', version: 1 }), /not a License Lens backup/],
    ['a newer version', (b) => ({ ...b, version: 2 }), /another version/],
    ['a work without fingerprints', (b) => ({ ...b, stores: { ...(b.stores as object), works: [{ id: 'own/w', source: 'own', modelId: 'own/m' }] } }), /stores\.works\.0\.fingerprints/],
    ['a record of an unknown source', (b) => ({ ...b, stores: { ...(b.stores as object), creators: [{ id: 'x', source: 'evil', name: 'x' }] } }), /source must be/],
    // Issue 19.3: each field the extension reads is held to the list schema's rule, so one bad record cannot land.
    ['one work with a fingerprint that is not 64 hex characters', (b) => withWork(b, 1, { fingerprints: [FP, 'not-hex'] }), /not a valid backup: stores\.works\.1\.fingerprints\.1: fingerprints are 64 lowercase hex characters/],
    ['a fingerprint in upper case', (b) => withWork(b, 0, { fingerprints: [FP.toUpperCase()] }), /stores\.works\.0\.fingerprints\.0: fingerprints are 64 lowercase hex/],
    ['a work detail that is not 1,024 bytes', (b) => withWork(b, 0, { detail: 'AAAA' }), /stores\.works\.0\.detail: detail is a 1024-byte/],
    ['a model licence of an unknown kind', (b) => withRecord(b, 'models', 0, { license: { personalUse: true, commercialUse: 'maybe', attributionRequired: false, derivativesAllowed: false } }), /stores\.models\.0\.license\.commercialUse/],
    ['a creator homepage that is not http(s)', (b) => withRecord(b, 'creators', 0, { homepage: 'javascript:alert(1)' }), /stores\.creators\.0\.homepage: must be an http\(s\) URL/],
    ['a thumbnail that is not a data: image', (b) => ({ ...b, stores: { ...(b.stores as object), thumbs: [['own/w', 'https://tracker.example/p.png']] } }), /stores\.thumbs\.0\.1: thumbnails are data: URLs/],
    ['a store missing', (b) => ({ ...b, stores: { ...(b.stores as object), secrets: undefined } }), /stores\.secrets/],
    ['a duplicate id', (b) => {
      const s = b.stores as { works: unknown[] };
      return { ...b, stores: { ...s, works: [...s.works, s.works[0]] } };
    }, /twice/],
  ];
  type Stores = Record<string, Array<Record<string, unknown>>>;
  function withRecord(b: Record<string, unknown>, store: string, i: number, change: Record<string, unknown>): unknown {
    const stores = b.stores as Stores;
    const list = stores[store]!.map((r, j) => (j === i ? { ...r, ...change } : r));
    return { ...b, stores: { ...stores, [store]: list } };
  }
  const withWork = (b: Record<string, unknown>, i: number, change: Record<string, unknown>) => withRecord(b, 'works', i, change);

  for (const [what, mutate, message] of broken) {
    it(`refuses ${what} with a clear message`, async () => {
      const good = JSON.parse(JSON.stringify(await exportBackupOf(await populated()))) as Record<string, unknown>;
      const m = mutate(good);
      expect(() => parseBackup(typeof m === 'string' ? m : JSON.stringify(m))).toThrow(message);
    });
  }

  it('refuses to write a backup that would be too large to restore', async () => {
    const b = await exportBackupOf(await populated());
    const size = new TextEncoder().encode(backupText(b)).length;
    expect(() => backupText(b, size - 1)).toThrow(/the backup would be .* MB, over the .* MB a backup may hold/);
    expect(parseBackup(backupText(b, size))).toEqual(b);
  });

  it('counts the file\'s bytes, not its characters: a backup of Chinese names that the picker would refuse is not written', async () => {
    const b = await exportBackupOf(await populated());
    const named = { ...b, stores: { ...b.stores, creators: b.stores.creators.map((c) => ({ ...c, name: '独立创作者'.repeat(200) })) } };
    const text = `${JSON.stringify(named)}\n`;
    const bytes = new TextEncoder().encode(text).length;
    expect(bytes).toBeGreaterThan(text.length);
    // Between the character count and the byte count: the options page's file picker (File.size) would refuse it.
    expect(() => backupText(named, bytes - 1)).toThrow(/the backup would be .* MB, over the .* MB a backup may hold/);
    expect(backupText(named, bytes)).toBe(text);
  });

  it('refuses a file over the size limit before parsing it', () => {
    expect(() => parseBackup(' '.repeat(MAX_BACKUP_BYTES + 1))).toThrow(/larger than 48 MB/);
  });

  for (const at of [1, 5, 11]) {
    it(`a restore whose put #${at} hits a full disk changes nothing`, async () => {
      const target = await populated();
      const before = await dump(target);
      const backup = parseBackup(JSON.stringify(await exportBackupOf(await populated())));
      const original = FDBObjectStore.prototype.put;
      let calls = 0;
      vi.spyOn(FDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
        if (++calls === at) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      });
      await expect(restoreBackup(target, itemOf(target), backup)).rejects.toThrow(/Not enough storage space.*Nothing was changed/);
      vi.restoreAllMocks();
      expect(await dump(target)).toEqual(before);
    });
  }

});
