/**
 * The user's settings: ONE item in `storage.local` (key, version, defaults, check), read, written and watched by
 * every context alike (background, content scripts, popup, options) through an adapter that binds it to a storage
 * area (src/settings-local.ts). Plain code without valibot: the content script imports it and must stay small.
 */
/** The user's settings (the message table's `settings/get` reply is this). */
export interface Settings {
  /** Scan pages automatically. When off, only the right-click check runs. */
  autoScan: boolean;
  /** Draw marks over flagged images on pages. */
  marksEnabled: boolean;
  /** Sites (hosts, subdomains included) where automatic scanning is paused. */
  pausedSites: string[];
  /** The bundled demo list is installed. */
  demoEnabled: boolean;
}

export const SETTINGS_KEY = 'settings';
/** Bumped when the stored shape changes; a stored item of another version reads field by field as today's. */
export const SETTINGS_VERSION = 1;
export const DEFAULT_SETTINGS: Settings = { autoScan: true, marksEnabled: true, pausedSites: [], demoEnabled: false };
export const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

/** What the item needs of a storage area (browser.storage.local has it; tests use a Map). */
export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
  /** Calls `fn` with the new value of `key` whenever it changes in this area. */
  watch(key: string, fn: (value: unknown) => void): void;
}

interface StoredSettings {
  version: number;
  values: Settings;
}

const CHECKS: { [K in keyof Settings]: (x: unknown) => boolean } = {
  autoScan: (x) => typeof x === 'boolean',
  marksEnabled: (x) => typeof x === 'boolean',
  pausedSites: (x) => Array.isArray(x) && x.every((s) => typeof s === 'string'),
  demoEnabled: (x) => typeof x === 'boolean',
};

/** Settings from untrusted values: each field of the wrong shape (or missing) reads as its default. */
export function settingsFrom(values: unknown): Settings {
  const o = typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const k of SETTING_NAMES) if (CHECKS[k](o[k])) out[k] = structuredClone(o[k]);
  return out as unknown as Settings;
}

/** The stored item's settings, or undefined when there is no item (never trust storage blindly). */
export function parseStoredSettings(item: unknown): Settings | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  return settingsFrom((item as Partial<StoredSettings>).values);
}

/** The first field of the wrong shape: a writer's mistake is refused, not stored. */
function badField(change: Partial<Settings>): string | undefined {
  return SETTING_NAMES.find((k) => change[k] !== undefined && !CHECKS[k](change[k]));
}

export interface SettingsItem {
  /** The settings, or undefined when the item was never written (the migration's test). */
  stored(): Promise<Settings | undefined>;
  read(): Promise<Settings>;
  /** Writes the changed fields over the current settings and returns the settings after it. */
  write(change: Partial<Settings>): Promise<Settings>;
  watch(fn: (s: Settings) => void): void;
}

export function settingsItem(area: SettingsArea): SettingsItem {
  const stored = async () => parseStoredSettings((await area.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const read = async () => (await stored()) ?? { ...DEFAULT_SETTINGS };
  // Writes read, merge and set: queued so that two at once (the demo switch beside settings/set) lose neither.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    stored,
    read,
    write(change) {
      const bad = badField(change);
      if (bad) return Promise.reject(new Error(`invalid setting ${bad}`));
      const defined = Object.fromEntries(SETTING_NAMES.filter((k) => change[k] !== undefined).map((k) => [k, change[k]]));
      const done = queue.then(async () => {
        const values: Settings = { ...(await read()), ...defined };
        const item: StoredSettings = { version: SETTINGS_VERSION, values };
        await area.set({ [SETTINGS_KEY]: item });
        return values;
      });
      queue = done.catch(() => undefined);
      return done;
    },
    watch(fn) {
      area.watch(SETTINGS_KEY, (value) => {
        const s = parseStoredSettings(value);
        if (s) fn(s);
      });
    },
  };
}
