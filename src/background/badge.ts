/** The toolbar badge: the number of flagged images on a tab, red when any is unlicensed. */
import browser from '../browser.js';
import type { ImageResult } from '../lib/protocol/index.js';

export async function showCount(tabId: number, flagged: ImageResult[]): Promise<void> {
  const unlicensed = flagged.some((r) => r.matches[0]?.verdict === 'unlicensed');
  try {
    await browser.action.setBadgeText({ tabId, text: flagged.length ? String(flagged.length) : '' });
    await browser.action.setBadgeBackgroundColor({ tabId, color: unlicensed ? '#c62828' : '#2e7d32' });
  } catch {
    // The tab closed while we were scanning: nothing to show.
  }
}
