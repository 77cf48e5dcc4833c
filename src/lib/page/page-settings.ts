/**
 * What a page's content script does by itself under the settings (the settings item, lib/settings, which it
 * watches) so that turning marks off or pausing a site applies to marks already drawn at once.
 */
import { hostMatchesSite, hostOf } from '../license/verdict.js';

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
