/**
 * A profile with everything a backup carries (own works with a thumbnail, signing key, a subscription with its list
 * records, settings), written through the background's own storage functions, and a dump of every store: shared by
 * the backup tests. Call `backupProfiles` at the top level of a test file (it registers the databases' cleanup).
 */
import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { ModelInput } from '../../../src/lib/own/own-schemas.js';
import { exportBackup } from '../../../src/storage/backup-file.js';
import type { RegistryDB } from '../../../src/storage/db.js';
import { signingKey } from '../../../src/storage/signing-key.js';
import { addWorks, saveModel, setProfile } from '../../../src/storage/own.js';
import { replaceSource, setSetting } from '../../../src/storage/registry.js';
import { SETTINGS_KEY, type SettingsItem } from '../../../src/lib/settings/index.js';
import { putSubscription, type Subscription } from '../../../src/storage/subscriptions.js';
import { memoryItem } from './memory-area.js';
import { scratchDbs } from './scratch-db.js';

export const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
export const FP2 = 'c00fc78dcfccc58cc404f04f7f80bfcf87cf83df003f103b007d90ef7c7b497f';
const THUMB = 'data:image/jpeg;base64,/9j/AAAA';

const SUB: Subscription = {
  id: 'alpha', url: 'https://lists.example/alpha.json', listId: 'alpha', listName: 'Alpha', publisher: 'Publisher α',
  publicKey: 'A'.repeat(43), keyFingerprint: 'ab cd', version: 3, listUpdated: '2026-01-01', models: 1, works: 2,
  etag: '"v3"', added: 1, installedAt: 2, checkedAt: 3,
};

export function backupProfiles(prefix: string) {
  const { open: openDb } = scratchDbs(prefix);
  /** Each profile's settings item (storage.local in the browser) beside its database. */
  const items = new WeakMap<RegistryDB, SettingsItem & { area: { data: Map<string, unknown> } }>();
  const itemOf = (db: RegistryDB) => items.get(db)!;
  async function fresh(): Promise<RegistryDB> {
    const db = await openDb();
    items.set(db, memoryItem());
    return db;
  }

  /** Every store, every key and value, in key order; and the settings item, as `settingsItem`. */
  async function dump(db: RegistryDB): Promise<Record<string, Array<[unknown, unknown]>>> {
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

  /** A profile with everything in it. */
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
  return { fresh, itemOf, dump, populated, exportBackupOf };
}
