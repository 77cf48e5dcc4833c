/**
 * Settings changes reach pages already open at once: the background keeps a copy of the page settings in
 * storage.local (background/page-settings.ts), and every frame's content script watches it.
 */
import browser from '../browser.js';
import { PAGE_SETTINGS_KEY, pageEffect, parsePageSettings } from '../lib/page/index.js';

export function watchPageSettings(apply: (effect: { paused: boolean; marks: boolean }) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !Object.hasOwn(changes, PAGE_SETTINGS_KEY)) return;
    const settings = parsePageSettings(changes[PAGE_SETTINGS_KEY]?.newValue);
    if (settings) apply(pageEffect(settings, location.href));
  });
}
