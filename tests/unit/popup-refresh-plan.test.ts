/**
 * The popup's refresh plan (src/popup/refresh-plan.ts): a poll learns the tab's frames again only after a navigation,
 * a new check (a new frame's images are checked too), a load or a frame that stopped answering, and redraws only the
 * parts whose content changed.
 */
import { describe, expect, it } from 'vitest';
import type { ImageResult, TabReport } from '../../src/lib/protocol/messages.js';
import type { PopupInput } from '../../src/lib/license/report-view.js';
import { FRAMES_MAX_AGE, frameBasis, framesToAsk, keepFrames, partKeys, partsToDraw } from '../../src/popup/refresh-plan.js';

const PAGE = 'https://site.example/page';
const img = (url: string, checkedAt = 0): ImageResult => ({
  url,
  status: 'matched',
  checkedAt,
  matches: [{ workId: 'w', distance: 0, verdict: 'unlicensed', source: 'demo', model: { id: 'm', name: 'Muse', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false } }, creator: { id: 'c', name: 'Lin' } }],
});
const report = (checked: number, flagged: ImageResult[] = [], pageUrl = PAGE): TabReport => ({ tabId: 1, pageUrl, checked, skipped: 0, flagged });
const input = (r: TabReport, pending?: number): PopupInput => ({ tabUrl: PAGE, loading: false, report: r, ...(pending === undefined ? {} : { pending }) });

describe('popup refresh plan', () => {
  it('asks the frames it learnt while the page and its checked count stand still', () => {
    const basis = frameBasis(report(5));
    let known = keepFrames(undefined, [0, 7], basis, 2, false);
    expect(known).toEqual({ ids: [0, 7], basis, age: 0 });
    for (let poll = 1; poll <= FRAMES_MAX_AGE; poll++) {
      const ids = framesToAsk(known, frameBasis(report(5)), false);
      expect(ids, `poll ${poll}`).toEqual([0, 7]);
      known = keepFrames(known, ids, basis, 2, false);
    }
    // ...and again after FRAMES_MAX_AGE polls: a frame added with all its images still waiting is counted by then.
    expect(framesToAsk(known, basis, false)).toBeUndefined();
    expect(keepFrames(known, [0, 7, 9], basis, 3, false)).toEqual({ ids: [0, 7, 9], basis, age: 0 });
  });

  it('learns them again after a navigation, a new check, while loading, and when a frame did not answer', () => {
    const known = keepFrames(undefined, [0, 7], frameBasis(report(5)), 2, false);
    expect(framesToAsk(undefined, frameBasis(report(5)), false)).toBeUndefined();
    expect(framesToAsk(known, frameBasis(report(5, [], 'https://site.example/other')), false)).toBeUndefined();
    expect(framesToAsk(known, frameBasis(report(6)), false)).toBeUndefined();
    expect(framesToAsk(known, frameBasis(report(5)), true)).toBeUndefined();
    expect(keepFrames(known, known!.ids, frameBasis(report(5)), 1, false)).toBeUndefined();
    expect(keepFrames(known, known!.ids, frameBasis(report(5)), 2, true)).toBeUndefined();
    expect(keepFrames(known, undefined, frameBasis(report(5)), 0, false)).toBeUndefined();
  });

  it('redraws the status alone when only the counts move, the list when the flagged images change', () => {
    const first = partKeys(input(report(5, [img('a')]), 3), report(5, [img('a')]), true);
    expect(partsToDraw(undefined, first)).toEqual({ status: true, list: true });
    expect(partsToDraw(first, partKeys(input(report(5, [img('a')]), 3), report(5, [img('a')]), true))).toEqual({ status: false, list: false });
    // Pending and checked counts move while the scan goes on: the list (and the focus in it) stays.
    expect(partsToDraw(first, partKeys(input(report(6, [img('a')]), 2), report(6, [img('a')]), true))).toEqual({ status: true, list: false });
    expect(partsToDraw(first, partKeys(input(report(5, [img('a')]), 3), report(5, [img('a')]), false))).toEqual({ status: true, list: false });
    // A new flagged image, or one checked again: both.
    expect(partsToDraw(first, partKeys(input(report(6, [img('a'), img('b')]), 3), report(6, [img('a'), img('b')]), true))).toEqual({ status: true, list: true });
    expect(partsToDraw(first, partKeys(input(report(5, [img('a', 9)]), 3), report(5, [img('a', 9)]), true))).toEqual({ status: false, list: true });
  });
});
