/** An in-memory storage area for the settings item (lib/settings): browser.storage.local's behaviour in Node. */
import { settingsItem, type SettingsArea, type SettingsItem } from '../../../src/lib/settings/index.js';

export interface MemoryArea extends SettingsArea {
  data: Map<string, unknown>;
}

export function memoryArea(): MemoryArea {
  const data = new Map<string, unknown>();
  const watchers: Array<[string, (v: unknown) => void]> = [];
  // Values are copied in and out, as browser storage serialises them.
  return {
    data,
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    async set(items) {
      for (const [k, v] of Object.entries(items)) {
        data.set(k, structuredClone(v));
        for (const [wk, fn] of watchers) if (wk === k) fn(structuredClone(v));
      }
    },
    remove: async (key) => void data.delete(key),
    watch: (key, fn) => void watchers.push([key, fn]),
  };
}

export function memoryItem(): SettingsItem & { area: MemoryArea } {
  const area = memoryArea();
  return { ...settingsItem(area), area };
}
