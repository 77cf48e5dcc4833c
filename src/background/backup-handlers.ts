/** Handlers for 'backup/export' and 'backup/restore'; storage and format in storage/backup-file.ts. */
import { backupFilename, backupText, countsOf, exportBackup, parseBackup, restoreBackup } from '../storage/backup-file.js';
import type { Handlers } from './dispatch.js';
import { fetchRestoredRegistries, inListQueue } from './lists/list-ops.js';
import { ensureListAlarm } from './lists/list-schedule.js';
import { registriesChanged } from './registries/registry-events.js';
import { ready } from './state.js';
import { settingsReady } from './settings-ready.js';

export const backupHandlers: Pick<Handlers, 'backup/export' | 'backup/restore'> = {
  async 'backup/export'() {
    // In the list operations' queue: a subscribe writes its record, then its works in several transactions; an
    // export beside it could hold the record without the works.
    const backup = await inListQueue(async () => exportBackup(await ready(), await settingsReady()));
    return { filename: backupFilename(backup), text: backupText(backup), counts: countsOf(backup) };
  },
  async 'backup/restore'(req) {
    // Parsed and checked in full before the database is touched: a broken file changes nothing.
    const backup = parseBackup(req.text);
    const db = await ready();
    try {
      // In the list operations' queue: never beside a subscribe, an update or a removal.
      const counts = await inListQueue(async () => {
        const c = await restoreBackup(db, await settingsReady(), backup);
        registriesChanged(); // the lookups' decoded editions are the replaced registries'
        return c;
      });
      // Each restored registry with an address fetches its edition now, as one queued update (never beside another
      // list or registry operation). The restore recorded them: a background stopped before they ran resumes them.
      await fetchRestoredRegistries();
      return counts;
    } finally {
      // Restored subscriptions are updated on the usual schedule (Firefox drops alarms with the profile).
      void ensureListAlarm();
    }
  },
};
