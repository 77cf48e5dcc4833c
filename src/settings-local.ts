/** The settings item (lib/settings) bound to `browser.storage.local`: the one copy every context reads and watches. */
import browser from './browser.js';
import { settingsItem, type SettingsArea } from './lib/settings/index.js';

export const localArea: SettingsArea = {
  get: (key) => browser.storage.local.get(key),
  set: (items) => browser.storage.local.set(items),
  remove: (key) => browser.storage.local.remove(key),
  watch(key, fn) {
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && Object.hasOwn(changes, key)) fn(changes[key]?.newValue);
    });
  },
};

export const settings = settingsItem(localArea);
