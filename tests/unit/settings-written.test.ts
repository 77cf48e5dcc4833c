/**
 * Settings are read typed (a stored value of the wrong shape reads as its default) and every write, a backup
 * restore included, tells the one listener (the background mirrors the page copy from it): no writer remembers.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportBackup, parseBackup, restoreBackup } from '../../src/storage/backup-file.js';
import { setSetting } from '../../src/storage/registry.js';
import { DEFAULT_SETTINGS, onSettingsWritten, readSettings, writeSetting, writeSettings, type Settings } from '../../src/storage/settings.js';
import { scratchDbs } from './helpers/scratch-db.js';

const scratch = scratchDbs('settings-written');

describe('settings', () => {
  it('reads a stored value of the wrong shape as its default', async () => {
    const db = await scratch.open();
    await setSetting(db, 'autoScan', 'yes');
    await setSetting(db, 'pausedSites', ['ok.example', 7]);
    await setSetting(db, 'marksEnabled', false);
    expect(await readSettings(db)).toEqual({ ...DEFAULT_SETTINGS, marksEnabled: false });
    db.close();
  });

  it('tells the listener after every write and after a backup restore, with the settings as they now are', async () => {
    const seen: Settings[] = [];
    onSettingsWritten(async (s) => void seen.push(s));
    const db = await scratch.open();
    const after = await writeSettings(db, { pausedSites: ['a.example'], marksEnabled: false });
    expect(after).toEqual({ ...DEFAULT_SETTINGS, pausedSites: ['a.example'], marksEnabled: false });
    expect(seen).toEqual([after]);
    const backup = parseBackup(JSON.stringify(await exportBackup(db)));
    await writeSetting(db, 'autoScan', false);
    expect(seen.at(-1)).toEqual({ ...after, autoScan: false });
    await restoreBackup(db, backup);
    expect(seen.at(-1)).toEqual(after);
    expect(seen).toHaveLength(3);
    db.close();
  });
});
