/**
 * Scheduled list updates with the alarms API. The alarm is (re)created at every background start when missing:
 * Chrome keeps alarms across restarts of the browser, Firefox does not. The listener is registered in index.ts.
 */
import browser from '../../browser.js';
import type { Alarms } from 'webextension-polyfill';
import { ready } from '../state.js';
import { updateAll } from './subscriptions.js';

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
    .then((db) => updateAll(db))
    .catch((e: unknown) => console.warn('[License Lens] scheduled list update failed:', e))
    // A one-off alarm of the same name (tests, a future "update all now") replaces the periodic one: restore it.
    .finally(() => void ensureListAlarm());
}
