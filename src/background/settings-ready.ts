/** The settings item once the start's migration (storage/settings.ts) has run: every background reader awaits it. */
import { migrateSettings } from '../storage/settings.js';
import { localArea, settings } from '../settings-local.js';
import type { SettingsItem } from '../lib/settings/index.js';
import { ready } from './registry-db.js';

let migrated: Promise<void> | undefined;

export async function settingsReady(): Promise<SettingsItem> {
  migrated ??= ready()
    .then((db) => migrateSettings(db, settings, localArea))
    .catch((e: unknown) => {
      migrated = undefined; // the next event tries again; the old values are kept until the item is written
      throw e;
    });
  await migrated;
  return settings;
}
