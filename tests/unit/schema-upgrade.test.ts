/**
 * Every earlier schema version's database upgrades without losing a record. One fixture file per version in
 * tests/fixtures/db/ (see its README); adding a version means adding a file, not editing this test.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, openRegistry, type RegistryDB } from '../../src/storage/db.js';
import { readAll } from '../../src/storage/registry.js';
import { migrateSettings } from '../../src/storage/settings.js';
import { memoryItem } from './helpers/memory-area.js';
import { scratchDbs } from './helpers/scratch-db.js';

type Stores = Record<string, unknown[]>;
interface Fixture {
  version: number;
  description: string;
  stores: Stores;
  expectedAfterUpgrade?: Stores;
}

const DIR = new URL('../fixtures/db/', import.meta.url);
const fixtures = readdirSync(DIR)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Fixture) }))
  .sort((a, b) => a.version - b.version);

const scratch = scratchDbs('upgrade');
const opened: RegistryDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const outOfLine = (db: RegistryDB, store: string) => db.transaction(store as 'settings').store.keyPath === null;

async function writeFixture(name: string, f: Fixture): Promise<void> {
  const db = await openRegistry(name, f.version);
  expect(db.version).toBe(f.version);
  for (const [store, records] of Object.entries(f.stores)) {
    expect(db.objectStoreNames.contains(store as 'settings'), `${store} exists at version ${f.version}`).toBe(true);
    const tx = db.transaction(store as 'settings', 'readwrite');
    const inline = !outOfLine(db, store);
    for (const r of records) {
      if (inline) await tx.store.put(r);
      else await tx.store.put((r as [string, unknown])[1], (r as [string, unknown])[0]);
    }
    await tx.done;
  }
  db.close();
}

async function dump(db: RegistryDB, store: string): Promise<unknown[]> {
  const tx = db.transaction(store as 'settings');
  if (!outOfLine(db, store)) return tx.store.getAll();
  const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
  return keys.map((k, i) => [k, values[i]]);
}

const byKey = (rows: unknown[]) =>
  [...rows].sort((a, b) => {
    const k = (r: unknown) => String(Array.isArray(r) ? r[0] : (r as { id?: string; key?: string }).id ?? (r as { key?: string }).key);
    return k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0;
  });

describe('schema upgrades keep every record', () => {
  it('has a fixture for every schema version so far', () => {
    // The current version has one too, so that the next schema step finds its predecessor's fixture waiting.
    for (let v = 1; v <= DB_VERSION; v++) expect(fixtures.some((f) => f.version === v), `tests/fixtures/db/v${v}.json`).toBe(true);
  });

  for (const f of fixtures) {
    it(`${f.file}: version ${f.version} -> ${DB_VERSION}, every creator, model, work, setting${f.stores.subscriptions ? ', subscription' : ''} survives`, async () => {
      const name = scratch.name();
      await writeFixture(name, f);
      const db = await openRegistry(name);
      opened.push(db);
      expect(db.version).toBe(DB_VERSION);
      const expected = { ...f.stores, ...f.expectedAfterUpgrade };
      for (const [store, records] of Object.entries(expected)) {
        expect(byKey(await dump(db, store)), `${store} after upgrade`).toEqual(byKey(records));
      }
      // And the application reads them through its own API, as the extension will after an update.
      const all = await readAll(db);
      expect(all.works.length).toBe(expected.works?.length ?? 0);
      // Settings move from IndexedDB into the settings item on the first start of this version.
      const item = memoryItem();
      await migrateSettings(db, item, item.area);
      const settings = await item.read();
      const stored = Object.fromEntries((expected.settings ?? []) as Array<[string, unknown]>);
      for (const key of Object.keys(settings) as Array<keyof typeof settings>) if (key in stored) expect(settings[key]).toEqual(stored[key]);
    });
  }
});
