/**
 * Moves the settings out of IndexedDB into the settings item (lib/settings, one copy in storage.local for every
 * context). Runs on every background start: when the item is absent it is written from the old values first, and
 * the old keys are deleted only after, so a crash in between leaves either the old keys (migrated again) or the
 * item plus leftovers (deleted at the next start). The IndexedDB `settings` store stays: it still holds
 * `lastExportedListVersion`, which is not a user setting.
 */
import type { RegistryDB } from './db.js';
import { pageEffect } from '../lib/page/index.js';
import { SETTING_NAMES, settingsFrom, type Settings, type SettingsArea, type SettingsItem } from '../lib/settings/index.js';

export type { Settings };

/** The content scripts' old copy of the page settings, replaced by the item. */
const OLD_PAGE_SETTINGS_KEY = 'pageSettings';

export async function migrateSettings(db: RegistryDB, item: SettingsItem, area: SettingsArea): Promise<void> {
  if (!(await item.stored())) {
    const tx = db.transaction('settings', 'readonly');
    const old = await Promise.all(SETTING_NAMES.map((k) => tx.store.get(k)));
    await tx.done;
    await item.write(settingsFrom(Object.fromEntries(SETTING_NAMES.map((k, i) => [k, old[i]]))));
  }
  const tx = db.transaction('settings', 'readwrite');
  await Promise.all([...SETTING_NAMES.map((k) => tx.store.delete(k)), tx.done]);
  await area.remove(OLD_PAGE_SETTINGS_KEY);
}

/** True when automatic scanning should not run on this page. */
export function scanPausedFor(settings: Settings, pageUrl: string): boolean {
  return pageEffect(settings, pageUrl).paused;
}
