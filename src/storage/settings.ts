/**
 * The user's settings, typed, with their defaults. Stored in the `settings` store of db.ts so that every context
 * (and a restarted service worker) reads the same values.
 */
import type { RegistryDB } from './db.js';
import { getSetting, setSetting } from './registry.js';
import { pageEffect } from '../lib/page/index.js';
import type { Settings } from '../lib/protocol/index.js';

export type { Settings };

export const DEFAULT_SETTINGS: Settings = { autoScan: true, marksEnabled: true, pausedSites: [], demoEnabled: false };

export async function readSettings(db: RegistryDB): Promise<Settings> {
  const out = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
    (out as Record<string, unknown>)[key] = await getSetting(db, key, DEFAULT_SETTINGS[key]);
  }
  return out;
}

export async function writeSetting<K extends keyof Settings>(db: RegistryDB, key: K, value: Settings[K]): Promise<void> {
  await setSetting(db, key, value);
}

/** True when automatic scanning should not run on this page. */
export function scanPausedFor(settings: Settings, pageUrl: string): boolean {
  return pageEffect(settings, pageUrl).paused;
}
