/**
 * When a page's report is final: every frame's content script says its scan is settled (walk done, every image it
 * found has its position and its verdict: `scan/progress`, the page-message table) and the tab's report has stopped
 * changing. The `<img>` count alone missed CSS backgrounds, srcset variants, shadow-DOM and frame images (the
 * 200-image bench page was read at 149 checked while the extension went on to 184).
 */
import type { Result, ScanProgress, TabReport } from '../../../lib/protocol/index.js';
import { tabReport, type Session } from '../../../../scripts/lib/launch.js';
import { pollUntil } from '../../../../scripts/lib/poll.js';

/** Each frame's scan progress, asked of the background as the popup asks it (`tab/progress`). */
async function frameProgress(s: Session, tabId: number): Promise<ScanProgress[]> {
  const text = await s.ext.evaluate(
    (id: number) => (chrome.runtime.sendMessage({ type: 'tab/progress', payload: { tabId: id } }) as Promise<Result<ScanProgress[]>>).then((r) => JSON.stringify(r)),
    tabId,
  );
  const r = JSON.parse(text) as Result<ScanProgress[]>;
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export interface PageVerdicts {
  report: TabReport;
  /** Set when the bound was hit before the extension said it was done: what it had found and not yet judged. */
  incomplete?: string;
}

/**
 * Waits until every frame's scan is settled, no `<img>` is still loading (`loading`, counted by the caller: the
 * content script cannot see an image's address before it loads), the report covers at least the `<img>` elements
 * counted in the page (`atLeast`), and none of it changed since the last read; at `timeoutMs` the report read so
 * far, named incomplete.
 */
export async function waitForVerdicts(
  s: Session,
  tabId: number,
  atLeast: number,
  { timeoutMs, pageTimeoutMs = timeoutMs, loading = async () => 0 }: { timeoutMs: number; pageTimeoutMs?: number; loading?: () => Promise<number> },
): Promise<PageVerdicts> {
  let last = '';
  const read = async () => ({ frames: await frameProgress(s, tabId), report: await tabReport(s, tabId), loading: await loading() });
  const settled = (v: Awaited<ReturnType<typeof read>>) => {
    const key = JSON.stringify([v.frames, v.loading, v.report.checked, v.report.skipped, v.report.flagged.length]);
    const stable = key === last;
    last = key;
    return stable && v.frames.length > 0 && v.frames.every((f) => f.settled) && !v.loading && v.report.checked + v.report.skipped >= atLeast;
  };
  try {
    return { report: (await pollUntil(read, settled, () => 'incomplete', { timeoutMs, everyMs: 300 })).report };
  } catch {
    const { frames, report, loading: stillLoading } = await read();
    const found = frames.reduce((n, f) => n + f.found, 0);
    const pending = frames.reduce((n, f) => n + f.pending, 0);
    const checking = frames.length ? `${pending} of the ${found} images it found still being checked` : 'no frame answered';
    const unloaded = stillLoading ? `, ${stillLoading} still loading` : '';
    return { report, incomplete: `incomplete after ${Math.round(pageTimeoutMs / 1000)} s: ${checking}${unloaded}; ${report.checked} checked, ${report.skipped} skipped so far` };
  }
}
