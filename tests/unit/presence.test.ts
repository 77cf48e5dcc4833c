import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onPage, reportOnPage, stillShown, withFrame } from '../../src/background/tab-results/presence-lists.js';

const r = (url: string) => ({ url });

describe('presence of flagged images', () => {
  it("gives the popup's report the badge's flagged list, and keeps the count of images checked", () => {
    const report = { tabId: 1, pageUrl: 'p', checked: 81, skipped: 0, flagged: [r('a'), r('gone'), r('swapped'), r('unreported')] };
    const p = withFrame({}, 0, ['a', 'gone', 'swapped']);
    const now = withFrame(p, 0, ['a']);
    const shown = reportOnPage(report, now);
    expect(shown.flagged).toEqual(onPage(report.flagged, now));
    expect(shown.flagged.map((x) => x.url)).toEqual(['a', 'unreported']);
    expect(shown.checked).toBe(81);
    expect(report.flagged).toHaveLength(4);
  });

  it('counts a flagged image nobody reported, and stops counting it once its only frame drops it', () => {
    let p = withFrame({}, 0, ['a', 'b']);
    expect(onPage([r('a'), r('b'), r('c')], p).map((x) => x.url)).toEqual(['a', 'b', 'c']);
    p = withFrame(p, 0, ['b']);
    expect(onPage([r('a'), r('b'), r('c')], p).map((x) => x.url)).toEqual(['b', 'c']);
    expect(stillShown(p, 'a')).toBe(false);
    p = withFrame(p, 0, ['a', 'b']); // it came back
    expect(stillShown(p, 'a')).toBe(true);
  });

  it('keeps an image another frame still shows', () => {
    let p = withFrame(withFrame({}, 0, ['a']), 3, ['a']);
    p = withFrame(p, 0, []);
    expect(stillShown(p, 'a')).toBe(true);
    p = withFrame(p, 3, []);
    expect(stillShown(p, 'a')).toBe(false);
  });

  it('does not change its input, and lists a frame once however often a URL repeats', () => {
    const before = withFrame({}, 1, ['a']);
    const after = withFrame(before, 1, ['a', 'a', 'b']);
    expect(before).toEqual({ a: [1] });
    expect(after).toEqual({ a: [1], b: [1] });
  });

  it('does not treat inherited object keys as reported URLs', () => {
    expect(stillShown({}, 'constructor')).toBe(true);
    expect(stillShown(withFrame({}, 0, []), '__proto__')).toBe(true);
  });

  it('after any sequence of reports, an image counts exactly when it was never reported or a frame shows it now', () => {
    const urls = fc.constantFrom<string>('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(urls, { maxLength: 4 })), { maxLength: 12 }), (reports) => {
        let p = {};
        const last = new Map<number, string[]>();
        for (const [frame, shown] of reports) {
          p = withFrame(p, frame, shown);
          last.set(frame, shown);
        }
        for (const url of ['a', 'b', 'c', 'd']) {
          const everReported = reports.some(([, shown]) => shown.includes(url));
          const shownNow = [...last.values()].some((s) => s.includes(url));
          expect(stillShown(p, url)).toBe(!everReported || shownNow);
        }
      }),
    );
  });
});
