/**
 * The settings item (lib/settings): one copy in storage.local, read typed (a stored field of the wrong shape reads
 * as its default), written whole with its version, watched by every context; and the start's migration of the
 * settings older versions kept in IndexedDB (storage/settings.ts).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_KEY, SETTINGS_VERSION, type Settings } from '../../src/lib/settings/index.js';
import { getSetting, setSetting } from '../../src/storage/registry.js';
import { migrateSettings } from '../../src/storage/settings.js';
import { memoryItem } from './helpers/memory-area.js';
import { scratchDbs } from './helpers/scratch-db.js';

const scratch = scratchDbs('settings-item');

describe('settings item', () => {
  it('reads the defaults when never written, and a stored field of the wrong shape as its default', async () => {
    const item = memoryItem();
    expect(await item.stored()).toBeUndefined();
    expect(await item.read()).toEqual(DEFAULT_SETTINGS);
    item.area.data.set(SETTINGS_KEY, { version: SETTINGS_VERSION, values: { autoScan: 'yes', pausedSites: ['ok.example', 7], marksEnabled: false } });
    expect(await item.read()).toEqual({ ...DEFAULT_SETTINGS, marksEnabled: false });
    for (const bad of ['x', null, 3]) {
      item.area.data.set(SETTINGS_KEY, bad);
      expect(await item.read()).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('writes changed fields over the rest with its version, refuses a value of the wrong shape, and tells watchers', async () => {
    const item = memoryItem();
    const seen: Settings[] = [];
    item.watch((s) => seen.push(s));
    const after = await item.write({ pausedSites: ['a.example'], marksEnabled: false });
    expect(after).toEqual({ ...DEFAULT_SETTINGS, pausedSites: ['a.example'], marksEnabled: false });
    expect(item.area.data.get(SETTINGS_KEY)).toEqual({ version: SETTINGS_VERSION, values: after });
    await item.write({ autoScan: false });
    expect(seen).toEqual([after, { ...after, autoScan: false }]);
    await expect(item.write({ pausedSites: [7] as unknown as string[] })).rejects.toThrow(/invalid setting pausedSites/);
    expect(await item.read()).toEqual({ ...after, autoScan: false });
  });

  it('two writes at once both land (each merges over the other, none is lost)', async () => {
    const item = memoryItem();
    await Promise.all([item.write({ demoEnabled: true }), item.write({ pausedSites: ['b.example'] })]);
    expect(await item.read()).toEqual({ ...DEFAULT_SETTINGS, demoEnabled: true, pausedSites: ['b.example'] });
  });
});

describe('settings migration from IndexedDB', () => {
  const OLD: Array<[string, unknown]> = [['autoScan', false], ['pausedSites', ['paused.example']], ['marksEnabled', 'broken'], ['lastExportedListVersion', 7]];
  const EXPECTED: Settings = { ...DEFAULT_SETTINGS, autoScan: false, pausedSites: ['paused.example'] };

  it('moves the old values into the item, deletes the old keys and the page copy, keeps other entries; twice is the same', async () => {
    const db = await scratch.open();
    for (const [k, v] of OLD) await setSetting(db, k, v);
    const item = memoryItem();
    item.area.data.set('pageSettings', { autoScan: true, marksEnabled: true, pausedSites: [] });
    for (let run = 0; run < 2; run++) {
      await migrateSettings(db, item, item.area);
      expect(await item.read()).toEqual(EXPECTED);
      expect(await db.getAllKeys('settings')).toEqual(['lastExportedListVersion']);
      expect(await getSetting(db, 'lastExportedListVersion', 0)).toBe(7);
      expect([...item.area.data.keys()]).toEqual([SETTINGS_KEY]);
    }
    db.close();
  });

  it('when the item already exists (a crash after writing it) only deletes the leftovers, never overwriting the item', async () => {
    const db = await scratch.open();
    for (const [k, v] of OLD) await setSetting(db, k, v);
    const item = memoryItem();
    await item.write({ marksEnabled: false });
    await migrateSettings(db, item, item.area);
    expect(await item.read()).toEqual({ ...DEFAULT_SETTINGS, marksEnabled: false });
    expect(await db.getAllKeys('settings')).toEqual(['lastExportedListVersion']);
    db.close();
  });

  it('a profile that never stored settings gets the defaults', async () => {
    const db = await scratch.open();
    const item = memoryItem();
    await migrateSettings(db, item, item.area);
    expect(item.area.data.get(SETTINGS_KEY)).toEqual({ version: SETTINGS_VERSION, values: DEFAULT_SETTINGS });
    db.close();
  });
});
