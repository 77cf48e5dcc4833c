/** The settings item once the start's migration (storage/settings.ts) has run: every background reader awaits it. */
import { migrateSettings } from '../storage/settings.js';
import { localArea } from '../settings-local.js';
import { settingsItem, type SettingsItem } from '../lib/settings/index.js';
import { ready } from './registry-db.js';

/** The background's item reads from memory after its first read, kept current by storage change events (settings-item.ts). */
const settings = settingsItem(localArea, { cached: true });

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
