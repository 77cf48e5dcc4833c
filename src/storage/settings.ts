/**
 * The user's settings, typed, with their defaults: the one place that reads and writes them. Stored in the
 * `settings` store of db.ts so that every context (and a restarted service worker) reads the same values; a stored
 * value of the wrong shape reads as its default. Every write (and a backup restore) tells one listener, which keeps
 * the content scripts' copy in step (background/page-settings.ts), so no writer has to remember it.
 */
import * as v from 'valibot';
import type { RegistryDB } from './db.js';
import { pageEffect } from '../lib/page/index.js';
import type { Settings } from '../lib/protocol/index.js';

export type { Settings };

export const DEFAULT_SETTINGS: Settings = { autoScan: true, marksEnabled: true, pausedSites: [], demoEnabled: false };

const FIELDS: { [K in keyof Settings]: v.GenericSchema<unknown, Settings[K]> } = {
  autoScan: v.boolean(),
  marksEnabled: v.boolean(),
  pausedSites: v.array(v.string()),
  demoEnabled: v.boolean(),
};
const KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

let listener: (s: Settings) => Promise<void> = async () => undefined;

/** Told, and awaited, after every settings write with the settings as they now are. */
export function onSettingsWritten(fn: (s: Settings) => Promise<void>): void {
  listener = fn;
}

export async function readSettings(db: RegistryDB): Promise<Settings> {
  const tx = db.transaction('settings', 'readonly');
  const stored = await Promise.all(KEYS.map((k) => tx.store.get(k)));
  await tx.done;
  const out = { ...DEFAULT_SETTINGS };
  KEYS.forEach((k, i) => {
    const r = v.safeParse(FIELDS[k], stored[i]);
    if (r.success) (out as Record<string, unknown>)[k] = r.output;
  });
  return out;
}

/** Writes the changed fields in one transaction and returns the settings after it. */
export async function writeSettings(db: RegistryDB, change: Partial<Settings>): Promise<Settings> {
  const tx = db.transaction('settings', 'readwrite');
  await Promise.all([...KEYS.filter((k) => change[k] !== undefined).map((k) => tx.store.put(v.parse(FIELDS[k], change[k]), k)), tx.done]);
  return settingsWritten(db);
}

export async function writeSetting<K extends keyof Settings>(db: RegistryDB, key: K, value: Settings[K]): Promise<void> {
  await writeSettings(db, { [key]: value });
}

/** For writers of the whole store (backup restore): tells the listener what the settings now are. */
export async function settingsWritten(db: RegistryDB): Promise<Settings> {
  const settings = await readSettings(db);
  await listener(settings);
  return settings;
}

/** True when automatic scanning should not run on this page. */
export function scanPausedFor(settings: Settings, pageUrl: string): boolean {
  return pageEffect(settings, pageUrl).paused;
}
