/**
 * Gathers what the popup shows: the target tab, its results and whether scanning is paused there, and how many
 * images its frames still have waiting (asked of the frames the last refresh learnt, when the page cannot have new
 * ones: refresh-plan.ts).
 */
import browser from '../browser.js';
import type { TabReport } from '../lib/protocol/index.js';
import { currentReport, pauseReason, type PopupInput } from '../lib/license/index.js';
import { call, send } from '../messaging.js';
import type { Settings } from '../storage/settings.js';
import { frameBasis, framesToAsk, keepFrames, type KnownFrames } from './refresh-plan.js';

export interface Loaded {
  tabId?: number;
  input: PopupInput;
  /** The report for the page the tab shows now (undefined before its first scan). */
  report?: TabReport;
  settings?: Settings;
  /** The tab's frames, for the next refresh to ask again without learning them (undefined: learn them). */
  frames?: KnownFrames;
}

/** Each frame's scan progress: of `known`'s frames when the page is the same, else of the frames learnt now. */
async function progressOf(tabId: number, known: KnownFrames | undefined, report: TabReport, loading: boolean) {
  const basis = frameBasis(report);
  let ids = framesToAsk(known, basis, loading);
  if (!ids && !loading) {
    const r = await call('tab/frames', { tabId });
    ids = r.ok ? r.value : undefined;
  }
  const progress = await call('tab/progress', ids ? { tabId, frames: [...ids] } : { tabId }).then((r) => (r.ok ? r.value : []));
  return { progress, frames: keepFrames(known, ids, basis, progress.length, loading) };
}

async function targetTabId(): Promise<number | undefined> {
  // ?tab=N lets the popup be opened in a tab for a given page (tests, "open in tab"); otherwise the active tab.
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export async function load(known?: KnownFrames): Promise<Loaded> {
  const tabId = await targetTabId();
  if (tabId === undefined) return { input: { loading: false, error: undefined, tabUrl: 'about:blank' } };
  try {
    const [tab, report, settings] = await Promise.all([browser.tabs.get(tabId).catch(() => undefined), send('tab/report', { tabId }), send('settings/get', {})]);
    // Every frame's scan: images it found that wait for their position, their turn or their verdict.
    const { progress, frames } = await progressOf(tabId, known, report, tab?.status === 'loading');
    // Without the host permission a tab's URL is hidden: fall back to the page the results are for.
    const tabUrl = tab?.url || report.pageUrl || undefined;
    const input: PopupInput = {
      tabUrl,
      loading: tab?.status === 'loading',
      report,
      paused: tabUrl ? pauseReason(settings, tabUrl) : undefined,
      pending: progress.length ? progress.reduce((sum, p) => sum + p.pending, 0) : undefined,
    };
    return { tabId, input, report: currentReport(input), settings, ...(frames ? { frames } : {}) };
  } catch (e) {
    return { tabId, input: { loading: false, error: e instanceof Error ? e.message : String(e) } };
  }
}
