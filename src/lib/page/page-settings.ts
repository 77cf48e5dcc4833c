/**
 * The part of the settings a page's content script acts on by itself: a copy kept in `storage.local` (settings
 * live in IndexedDB, which content scripts cannot read) so that turning marks off or pausing a site applies to
 * marks already drawn at once, through `storage.onChanged`, instead of from the next batch.
 */
import { hostMatchesSite, hostOf } from '../license/verdict.js';

export const PAGE_SETTINGS_KEY = 'pageSettings';

export interface PageSettings {
  autoScan: boolean;
  marksEnabled: boolean;
  pausedSites: string[];
}

/** What a page does under these settings: scan at all (`paused` when not), and draw marks. */
export function pageEffect(s: PageSettings, pageUrl: string): { paused: boolean; marks: boolean } {
  const host = hostOf(pageUrl);
  const paused = !s.autoScan || (!!host && s.pausedSites.some((site) => hostMatchesSite(host, site)));
  return { paused, marks: s.marksEnabled && !paused };
}

/** The stored copy, or undefined when it is missing or not of this shape (never trust storage blindly). */
export function parsePageSettings(value: unknown): PageSettings | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { autoScan, marksEnabled, pausedSites } = value as Record<string, unknown>;
  if (typeof autoScan !== 'boolean' || typeof marksEnabled !== 'boolean') return undefined;
  if (!Array.isArray(pausedSites) || !pausedSites.every((s) => typeof s === 'string')) return undefined;
  return { autoScan, marksEnabled, pausedSites };
}
