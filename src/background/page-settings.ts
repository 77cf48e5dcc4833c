/** Keeps the content scripts' copy of the page settings (lib/page/page-settings.ts) in step with the stored settings. */
import browser from '../browser.js';
import { PAGE_SETTINGS_KEY, type PageSettings } from '../lib/page/index.js';
import type { Settings } from '../storage/settings.js';

export async function mirrorPageSettings(s: Settings): Promise<void> {
  const copy: PageSettings = { autoScan: s.autoScan, marksEnabled: s.marksEnabled, pausedSites: s.pausedSites };
  await browser.storage.local.set({ [PAGE_SETTINGS_KEY]: copy });
}
