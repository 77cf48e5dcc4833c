/**
 * Which found elements are on screen, for the scanner's visible-first order. Elements are watched until their
 * first IntersectionObserver report. Off-screen images wait for these reports too: the reports for one walk can
 * arrive over several frames (seen in Firefox 153 under load: the off-screen half came a frame earlier and went out
 * first). An element with no report after WAIT_MS is measured here, on screen or not by its rect against the
 * viewport (with the observer's margin): a document in a background tab gets no rendering frames (Chromium 156,
 * Firefox 153), so its observer never reports, and its images must still be checked; and on a 2-core machine under
 * load a visible tab's frames can come later than WAIT_MS too (issue 18: reported off-screen, on-screen images went
 * out in document order behind those below the fold). Reports are handled, and expiry runs, in slices of at most `sliceMs`: one
 * observer callback can carry thousands of entries (a page adding 10,000 images), which handled in the callback
 * made an 80 ms task (bench:load).
 *
 * A report belongs to the watch it was taken for. An `<img>` still loading is watched too (loading-hold.ts), and its
 * report, measured before it loaded (0 px high), may still be waiting in the slices when the loaded image is found
 * and watched again: that stale box made a visible image an "icon" and its URL was dropped for good (the Chromium
 * stall of docs/page-scan.md). Such a report is set aside and the element observed afresh.
 */
import { slicedQueue } from './sliced-queue.js';
import { nextTask, type TaskHandle } from './next-task.js';

const WAIT_MS = 500;
const MARGIN_PX = 200;

/**
 * Test-hooks build only: while the page's root element has `data-ll-test-hold-reports`, reports taken wait, as on a
 * loaded machine (tests/e2e/stale-report.e2e.test.ts); the shipped build never reads it.
 */
function scheduleReports(fn: () => void): void {
  if (__LL_TEST_HOOKS__ && document.documentElement?.dataset.llTestHoldReports !== undefined) {
    setTimeout(() => scheduleReports(fn), 50);
    return;
  }
  nextTask(fn);
}

/** The rendered box, or undefined when the element has no layout box (not rendered, zero size). */
export type Box = { width: number; height: number } | undefined;

export interface Visibility {
  /** Watches an element until its first report (no-op when already watched). */
  watch(el: Element): void;
  /** Elements still waiting for their first report. */
  readonly pending: number;
  disconnect(): void;
}

/**
 * `report` gets each element once (on screen or not, with its box); `after` runs after each group of reports, so
 * the scanner sends what became ready.
 */
export function watchVisibility(report: (el: Element, onScreen: boolean, box: Box) => void, after: () => void, sliceMs: number): Visibility {
  // In order of discovery, with the time found: the oldest first.
  const awaiting = new Map<Element, number>();
  /** How many times each element was watched: a report taken for an earlier watch is stale. */
  const watches = new WeakMap<Element, number>();
  /** Elements whose queued report is for their current watch: a stale one queued too must not count them twice. */
  const queued = new Set<Element>();
  let timer: TaskHandle | undefined;
  const boxOf = (r: DOMRectReadOnly): Box => (r.width < 1 || r.height < 1 ? undefined : r);

  // Reports taken from the observer, not handled yet: still pending for the scanner (off-screen images wait).
  const reports = slicedQueue<{ entry: IntersectionObserverEntry; watch: number | undefined }>({
    each: ({ entry: e, watch }) => {
      if (watches.get(e.target) !== watch) {
        // Watched again since (found once loaded): an observer reports an element it already observes only on a
        // change, so observe it anew for a first report of today's box.
        if (awaiting.has(e.target)) {
          observer.unobserve(e.target);
          observer.observe(e.target);
        }
        return;
      }
      queued.delete(e.target);
      observer.unobserve(e.target);
      report(e.target, e.isIntersecting, boxOf(e.boundingClientRect));
    },
    after,
    schedule: scheduleReports,
    sliceMs,
    now: () => performance.now(),
  });

  const observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!awaiting.delete(e.target)) continue;
        queued.add(e.target);
        reports.push({ entry: e, watch: watches.get(e.target) });
      }
    },
    { rootMargin: `${MARGIN_PX}px` },
  );

  function expire(): void {
    timer = undefined;
    const now = performance.now();
    const end = now + sliceMs;
    for (const [el, since] of awaiting) {
      if (since + WAIT_MS > now) break; // found in order: the rest are younger
      if (performance.now() > end) break;
      observer.unobserve(el);
      awaiting.delete(el);
      const r = el.getBoundingClientRect();
      const view = el.ownerDocument.defaultView ?? window;
      const onScreen = r.bottom > -MARGIN_PX && r.right > -MARGIN_PX && r.top < view.innerHeight + MARGIN_PX && r.left < view.innerWidth + MARGIN_PX;
      report(el, onScreen && !!boxOf(r), boxOf(r));
    }
    arm();
    after();
  }

  function arm(): void {
    const first = awaiting.values().next();
    if (timer !== undefined || first.done) return;
    const wait = first.value + WAIT_MS - performance.now();
    timer = wait > 0 ? setTimeout(expire, wait) : nextTask(expire);
  }

  return {
    watch(el) {
      if (!awaiting.has(el)) {
        queued.delete(el); // a report still queued for it is stale from now on
        watches.set(el, (watches.get(el) ?? 0) + 1);
        observer.observe(el);
        awaiting.set(el, performance.now());
      }
      arm();
    },
    get pending() {
      return awaiting.size + queued.size;
    },
    disconnect() {
      observer.disconnect();
      awaiting.clear();
      reports.clear();
      queued.clear();
    },
  };
}
