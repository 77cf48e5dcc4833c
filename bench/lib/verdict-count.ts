/** bench:page's verdict clock: the tab's verdict count, polled from navigation side by side with the page's loads. */
import { tabIdOf, tabReport, type Session } from '../../scripts/lib/launch.js';

/** Polls the tab's verdict count from t0; `until(n)` ends when n are in (or at 180 s), with the time the last one came. */
export function countVerdicts(session: Session, url: string, t0: number): { until(n: number): Promise<{ verdicts: number; verdictsMs: number }> } {
  let count = 0;
  let at = 0;
  let target = Infinity;
  let failed: unknown;
  const done = (async () => {
    const tabId = await tabIdOf(session, url);
    while (count < target && Date.now() - t0 < 180_000) {
      const r = await tabReport(session, tabId);
      if (r.checked + r.skipped > count) [count, at] = [r.checked + r.skipped, Date.now() - t0];
      await new Promise((res) => setTimeout(res, 100));
    }
  })().catch((e: unknown) => (failed = e)); // rethrown by until(), not left unhandled if the run fails before it
  return {
    async until(n) {
      target = n;
      await done;
      if (failed) throw failed;
      return { verdicts: count, verdictsMs: at };
    },
  };
}
