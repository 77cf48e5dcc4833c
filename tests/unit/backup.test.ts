/**
 * Backup and restore: everything (own registrations with thumbnails, signing key, subscriptions with their list
 * records, settings) goes into one file and comes back identical in a fresh database; a broken file, or a restore
 * that runs out of space, changes nothing.
 */
import 'fake-indexeddb/auto';
import { IDBObjectStore as FDBObjectStore } from 'fake-indexeddb';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelInput } from '../../src/lib/own/own-schemas.js';
import { BACKUP_STORES, DERIVED_STORES, KEPT_STORES, REGISTRY_STORES, RESTORED_NOTE, backupText, exportBackup, MAX_BACKUP_BYTES, parseBackup, restoreBackup } from '../../src/storage/backup-file.js';
import type { RegistryDB } from '../../src/storage/db.js';
import { signingKey } from '../../src/storage/signing-key.js';
import { addWorks, saveModel, setProfile } from '../../src/storage/own.js';
import { replaceSource, setSetting } from '../../src/storage/registry.js';
import { SETTINGS_KEY, type SettingsItem } from '../../src/lib/settings/index.js';
import { putSubscription, type Subscription } from '../../src/storage/subscriptions.js';
import { putRegistryEdition, type RegistryRecord } from '../../src/storage/registries.js';
import { memoryItem } from './helpers/memory-area.js';
import { scratchDbs } from './helpers/scratch-db.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const FP2 = 'c00fc78dcfccc58cc404f04f7f80bfcf87cf83df003f103b007d90ef7c7b497f';
const THUMB = 'data:image/jpeg;base64,/9j/AAAA';

const { open: openDb } = scratchDbs('backup');
/** Each profile's settings item (storage.local in the browser) beside its database. */
const items = new WeakMap<RegistryDB, SettingsItem & { area: { data: Map<string, unknown> } }>();
const itemOf = (db: RegistryDB) => items.get(db)!;
async function fresh(): Promise<RegistryDB> {
  const db = await openDb();
  items.set(db, memoryItem());
  return db;
}
afterEach(() => vi.restoreAllMocks());

/** Every store, every key and value, in key order; and the settings item, as `settingsItem`. */
export async function dump(db: RegistryDB): Promise<Record<string, Array<[unknown, unknown]>>> {
  const out: Record<string, Array<[unknown, unknown]>> = {};
  for (const store of [...db.objectStoreNames]) {
    const tx = db.transaction(store, 'readonly');
    const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    await tx.done;
    out[store] = keys.map((k, i) => [k, values[i]]);
  }
  const item = items.get(db);
  if (item) out.settingsItem = [[SETTINGS_KEY, item.area.data.get(SETTINGS_KEY)]];
  return out;
}

const SUB: Subscription = {
  id: 'alpha', url: 'https://lists.example/alpha.json', listId: 'alpha', listName: 'Alpha', publisher: 'Publisher α',
  publicKey: 'A'.repeat(43), keyFingerprint: 'ab cd', version: 3, listUpdated: '2026-01-01', models: 1, works: 2,
  etag: '"v3"', added: 1, installedAt: 2, checkedAt: 3,
};

/** A profile with everything in it, written through the same storage functions the background uses. */
async function populated(): Promise<RegistryDB> {
  const db = await fresh();
  await setProfile(db, { name: 'Ana <b>Lima</b>', homepage: 'https://ana.example', contact: '' });
  const model = await saveModel(db, v.parse(ModelInput, {
    name: 'Muse', version: 'v1', hashes: { sha256: 'a'.repeat(64) },
    license: { personalUse: true, commercialUse: 'license-required', attributionRequired: true, derivativesAllowed: false, price: '5 €' },
    licensees: [{ name: 'Studio', sites: ['studio.example'], until: '2027-01-01' }],
  }));
  await addWorks(db, [{ modelId: model.id, title: 'one', fingerprints: [FP], thumb: THUMB }, { modelId: model.id, fingerprints: [FP2, FP] }]);
  await signingKey(db);
  await putSubscription(db, SUB);
  await replaceSource(db, 'list:alpha', {
    creators: [{ id: 'list:alpha/c', source: 'list:alpha', name: 'Other' }],
    models: [{ id: 'list:alpha/m', source: 'list:alpha', creatorId: 'list:alpha/c', name: 'M', license: { personalUse: false, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: [1, 2].map((i) => ({ id: `list:alpha/w${i}`, source: 'list:alpha' as const, modelId: 'list:alpha/m', fingerprints: [FP2], addedAt: '2026-01-01' })),
  });
  await itemOf(db).write({ pausedSites: ['paused.example'] });
  await itemOf(db).write({ marksEnabled: false });
  await setSetting(db, 'legacyKey', { kept: true });
  return db;
}

const exportBackupOf = (db: RegistryDB) => exportBackup(db, itemOf(db));

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

  describe('registries', () => {
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
      expect(await target.getAll('registries')).toEqual([{ ...backup.stores.registries![0], publishers: [], works: 0, installedAt: 0, error: RESTORED_NOTE }]);
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
  });
});
