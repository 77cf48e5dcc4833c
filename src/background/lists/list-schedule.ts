/**
 * Scheduled list and registry updates with the alarms API. The alarm is (re)created at every background start when missing:
 * Chrome keeps alarms across restarts of the browser, Firefox does not. The listener is registered in index.ts.
 */
import browser from '../../browser.js';
import type { Alarms } from 'webextension-polyfill';
import { ready } from '../state.js';
import { listSubscriptions } from '../../storage/subscriptions.js';
import { listRegistries } from '../../storage/registries.js';
import { runListOp } from './list-ops.js';

export const LIST_ALARM = 'lists/update';
/** Lists change rarely; conditional requests make a check cheap for the server. */
export const LIST_UPDATE_PERIOD_MINUTES = 6 * 60;

export async function ensureListAlarm(): Promise<void> {
  try {
    if (!(await browser.alarms.get(LIST_ALARM))) {
      await browser.alarms.create(LIST_ALARM, { delayInMinutes: 5, periodInMinutes: LIST_UPDATE_PERIOD_MINUTES });
    }
  } catch (e) {
    console.warn('[License Lens] could not schedule list updates:', e);
  }
}

export function onListAlarm(alarm: Alarms.Alarm): void {
  if (alarm.name !== LIST_ALARM) return;
  void ready()
    .then(async (db) => {
      // Through the same queue and records as the options page's operations: never beside a removal or a restore.
      for (const s of await listSubscriptions(db)) {
        if (!s.url) continue;
        // One list's failure (kept on its record by the update itself) does not hold the others back.
        await runListOp('lists/update', { id: s.id }).catch((e: unknown) => console.warn(`[License Lens] scheduled update of ${s.id} failed:`, e));
      }
      // Registries on the same schedule: a conditional request for the manifest, new layers only when it changed.
      for (const r of await listRegistries(db)) {
        if (!r.url) continue;
        await runListOp('registries/update', { id: r.id }).catch((e: unknown) => console.warn(`[License Lens] scheduled update of registry ${r.id} failed:`, e));
      }
    })
    .catch((e: unknown) => console.warn('[License Lens] scheduled list update failed:', e))
    // A one-off alarm of the same name (tests, a future "update all now") replaces the periodic one: restore it.
    .finally(() => void ensureListAlarm());
}
