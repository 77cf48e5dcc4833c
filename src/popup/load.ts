/** Gathers what the popup shows: the target tab, its results and whether scanning is paused there. */
import browser from '../browser.js';
import type { TabReport } from '../lib/protocol/index.js';
import { currentReport, pauseReason, type PopupInput } from '../lib/license/index.js';
import { call, send } from '../messaging.js';
import type { Settings } from '../storage/settings.js';

export interface Loaded {
  tabId?: number;
  input: PopupInput;
  /** The report for the page the tab shows now (undefined before its first scan). */
  report?: TabReport;
  settings?: Settings;
}

async function targetTabId(): Promise<number | undefined> {
  // ?tab=N lets the popup be opened in a tab for a given page (tests, "open in tab"); otherwise the active tab.
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export async function load(): Promise<Loaded> {
  const tabId = await targetTabId();
  if (tabId === undefined) return { input: { loading: false, error: undefined, tabUrl: 'about:blank' } };
  try {
    const [tab, report, settings, progress] = await Promise.all([
      browser.tabs.get(tabId).catch(() => undefined),
      send('tab/report', { tabId }),
      send('settings/get', {}),
      // Every frame's scan: images it found that wait for their position, their turn or their verdict.
      call('tab/progress', { tabId }).then((r) => (r.ok ? r.value : [])),
    ]);
    // Without the host permission a tab's URL is hidden: fall back to the page the results are for.
    const tabUrl = tab?.url || report.pageUrl || undefined;
    const input: PopupInput = {
      tabUrl,
      loading: tab?.status === 'loading',
      report,
      paused: tabUrl ? pauseReason(settings, tabUrl) : undefined,
      pending: progress.length ? progress.reduce((sum, p) => sum + p.pending, 0) : undefined,
    };
    return { tabId, input, report: currentReport(input), settings };
  } catch (e) {
    return { tabId, input: { loading: false, error: e instanceof Error ? e.message : String(e) } };
  }
}
