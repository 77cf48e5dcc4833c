/**
 * The scanner's first-report-per-element (src/content/scan/visibility.ts) with a hand-driven IntersectionObserver:
 * a report taken for an `<img>` before it loaded must not stand for the loaded image found again (the Chromium
 * scan stall of docs/page-scan.md: that 0 px box made a visible image an "icon" and its URL was never checked).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchVisibility, type Box } from '../../src/content/scan/visibility.js';

type Rect = { top: number; left: number; bottom: number; right: number; width: number; height: number };

/** The page's one observer: what it observes, and reports the test delivers by hand. */
class FakeObserver {
  static last: FakeObserver;
  readonly observed = new Set<object>();
  /** Targets observed anew since the last delivery (a real observer gives each a first report). */
  readonly fresh: object[] = [];
  constructor(readonly callback: (entries: unknown[]) => void) {
    FakeObserver.last = this;
  }
  observe(el: object) {
    if (!this.observed.has(el)) this.fresh.push(el);
    this.observed.add(el);
  }
  unobserve(el: object) {
    this.observed.delete(el);
  }
  disconnect() {
    this.observed.clear();
  }
  deliver(el: FakeEl, rect: Rect) {
    this.fresh.splice(this.fresh.indexOf(el), 1);
    this.callback([{ target: el, isIntersecting: rect.height > 0 && rect.top < 600, boundingClientRect: rect }]);
  }
}

const rect = (width: number, height: number): Rect => ({ top: 10, left: 10, bottom: 10 + height, right: 10 + width, width, height });
const view = { innerWidth: 800, innerHeight: 600 };

class FakeEl {
  box = rect(160, 0);
  readonly ownerDocument = { defaultView: view };
  getBoundingClientRect() {
    return this.box;
  }
}

function harness() {
  const reports: Array<{ el: unknown; onScreen: boolean; box: Box }> = [];
  const v = watchVisibility((el, onScreen, box) => reports.push({ el, onScreen, box }), () => undefined, 6);
  return { v, reports, io: FakeObserver.last };
}

/** An `<img>` watched while loading, its 0 px report taken, then loaded and watched again before that report is handled. */
function watchedAgainWithStaleReport() {
  const h = harness();
  const img = new FakeEl();
  h.v.watch(img as unknown as Element); // still loading: 0 px high
  h.io.deliver(img, rect(160, 0)); // measured before it loaded, handled in a later slice
  img.box = rect(160, 90);
  h.v.watch(img as unknown as Element); // loaded and found again before that slice ran
  vi.advanceTimersByTime(0);
  return { ...h, img };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  vi.stubGlobal('IntersectionObserver', FakeObserver);
  vi.stubGlobal('document', { hidden: false });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('watchVisibility', () => {
  it('reports each watched element once, with the box of its report', () => {
    const { v, reports, io } = harness();
    const img = new FakeEl();
    v.watch(img as unknown as Element);
    io.deliver(img, rect(160, 90));
    expect(v.pending).toBe(1); // taken, not handled yet: off-screen images still wait
    vi.advanceTimersByTime(0);
    expect(reports).toEqual([{ el: img, onScreen: true, box: rect(160, 90) }]);
    expect(v.pending).toBe(0);
  });

  it('sets aside a report taken before the element was watched again, and reports the fresh one', () => {
    const { v, reports, io, img } = watchedAgainWithStaleReport();
    expect(reports).toEqual([]);
    expect(io.fresh).toContain(img); // observed afresh: a first report of its box now is on its way
    expect(v.pending).toBe(1);
    io.deliver(img, rect(160, 90));
    vi.advanceTimersByTime(0);
    expect(reports).toEqual([{ el: img, onScreen: true, box: rect(160, 90) }]);
    expect(v.pending).toBe(0);
  });

  it('counts an element watched again once while its stale report still waits in the queue', () => {
    const { v, io } = harness();
    const img = new FakeEl();
    v.watch(img as unknown as Element);
    io.deliver(img, rect(160, 0));
    expect(v.pending).toBe(1);
    v.watch(img as unknown as Element); // loaded and found again: the queued report is stale, the image still one
    expect(v.pending).toBe(1);
    vi.advanceTimersByTime(600);
    expect(v.pending).toBe(0);
  });

  it('measures an element that got no fresh report within 500 ms, once', () => {
    const { reports, io, img } = watchedAgainWithStaleReport();
    expect(reports).toEqual([]);
    vi.advanceTimersByTime(600); // no report came (a background tab has no rendering frames)
    expect(reports).toEqual([{ el: img, onScreen: true, box: rect(160, 90) }]);
    io.deliver(img, rect(160, 90)); // late: already reported
    vi.advanceTimersByTime(0);
    expect(reports).toHaveLength(1);
  });
});
