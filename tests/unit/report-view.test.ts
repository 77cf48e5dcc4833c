import { describe, expect, it } from 'vitest';
import type { ImageResult, TabReport } from '../../src/lib/protocol/messages.js';
import {
  countsOf,
  currentReport,
  licenseSummary,
  matchHint,
  pauseReason,
  popupState,
  similarity,
  sortFlagged,
  sourceLabel,
  sourceNames,
  withSitePaused,
  type Translate,
} from '../../src/lib/license/report-view.js';
import type { LicenseTerms, Verdict, WorkMatch } from '../../src/lib/types.js';

/** A translator that shows the key and its substitutions, so the tests see which strings were chosen. */
const t: Translate = (key, subs) => (subs === undefined ? key : `${key}(${[subs].flat().join(',')})`);

const TERMS: LicenseTerms = { personalUse: true, commercialUse: 'license-required', attributionRequired: true, derivativesAllowed: false, price: '10 USD' };

function match(verdict: Verdict, distance = 0, extra: Partial<WorkMatch> = {}): WorkMatch {
  return {
    workId: 'w',
    distance,
    verdict,
    source: 'demo',
    model: { id: 'm', name: 'Muse', version: 'v2', license: TERMS },
    creator: { id: 'c', name: 'Lin' },
    ...extra,
  };
}

function img(url: string, ...matches: WorkMatch[]): ImageResult {
  return { url, status: matches.length ? 'matched' : 'clear', matches, checkedAt: 0 };
}

function report(flagged: ImageResult[], checked = flagged.length, pageUrl = 'https://site.example/page'): TabReport {
  return { tabId: 1, pageUrl, checked, skipped: 0, flagged };
}

describe('sortFlagged', () => {
  it('puts unlicensed first, then unknown, free with credit, free, licensed; then nearest; then by URL', () => {
    const images = [
      img('https://x/licensed', match('licensed')),
      img('https://x/free', match('free')),
      img('https://x/b-unlicensed-far', match('unlicensed', 12)),
      img('https://x/credit', match('free-credit')),
      img('https://x/unknown', match('unknown')),
      img('https://x/z-unlicensed-near', match('unlicensed', 1)),
      img('https://x/a-unlicensed-near', match('unlicensed', 1)),
    ];
    expect(sortFlagged(images).map((i) => i.url.slice(10))).toEqual([
      'a-unlicensed-near',
      'z-unlicensed-near',
      'b-unlicensed-far',
      'unknown',
      'credit',
      'free',
      'licensed',
    ]);
  });

  it('does not reorder its input', () => {
    const images = [img('https://x/2', match('licensed')), img('https://x/1', match('unlicensed'))];
    sortFlagged(images);
    expect(images[0]!.url).toBe('https://x/2');
  });
});

describe('summary text', () => {
  it('summarises the license terms in a fixed order', () => {
    expect(licenseSummary(TERMS, t)).toBe('termPersonalFree · termCommercial_license_required · termPrice(10 USD) · termCredit · termNoDerivatives');
    expect(licenseSummary({ personalUse: false, commercialUse: 'allowed', attributionRequired: false, derivativesAllowed: true }, t)).toBe(
      'termPersonalNo · termCommercial_allowed',
    );
  });

  it('gives similarity and what changed, or the generation record', () => {
    expect(similarity({ distance: 0 })).toBe(100);
    expect(similarity({ distance: 20 })).toBe(92);
    expect(matchHint(match('unlicensed', 5), t)).toBe('popupSimilarity(98)');
    expect(matchHint(match('unlicensed', 5, { hints: { changes: [{ kind: 'mirrored', axis: 'h' }, { kind: 'cropped', sides: { left: 0.1, top: 0, right: 0, bottom: 0 } }], similarity: 100, decidedBy: 'detail', size: { width: 100, height: 100 } } }), t)).toBe(
      'popupSimilarity(100) · changeMirrored_hlistSeparatorchangeCroppedSides(changeSide_left(10))',
    );
    expect(matchHint(match('unlicensed', 0, { reason: 'generation-record' }), t)).toBe('recordReason');
  });

  it('names the source list by its readable name when known, else by id', () => {
    expect(sourceLabel('own', t)).toBe('sourceOwn');
    expect(sourceLabel('demo', t)).toBe('sourceDemo');
    expect(sourceLabel('list:abc', t)).toBe('sourceList(abc)');
    expect(sourceLabel('list:abc', t, { 'list:abc': 'Lin Yue models' })).toBe('sourceList(Lin Yue models)');
    expect(sourceLabel('list:abc', t, { 'list:abc': '   ' })).toBe('sourceList(abc)');
  });

  it('names each subscribed list "list name (publisher)", the same in the popup and the card', () => {
    const names = sourceNames({ 'list:1b71': { listName: 'Held-out acceptance works', publisher: 'Held-Out Painter', keyFingerprint: 'ab12' } });
    expect(names).toEqual({ 'list:1b71': 'Held-out acceptance works (Held-Out Painter)' });
    expect(sourceLabel('list:1b71', t, names)).toBe('sourceList(Held-out acceptance works (Held-Out Painter))');
  });

  it('counts flagged, licensed and checked images', () => {
    expect(countsOf(report([img('a', match('licensed')), img('b', match('unlicensed'))], 9))).toEqual({ flagged: 2, licensed: 1, checked: 9 });
  });
});

describe('popupState', () => {
  const url = 'https://site.example/page';
  it('says what is happening, in priority order', () => {
    expect(popupState({ tabUrl: url, loading: false, error: 'boom' })).toEqual({ kind: 'error', message: 'boom' });
    expect(popupState({ tabUrl: 'chrome://extensions/', loading: false })).toEqual({ kind: 'unsupported' });
    expect(popupState({ tabUrl: url, loading: false, report: report([img('a', match('unlicensed'))]) })).toEqual({ kind: 'flagged' });
    expect(popupState({ tabUrl: url, loading: false, paused: 'site', report: report([img('a', match('unlicensed'))]) })).toEqual({ kind: 'flagged', paused: 'site' });
    expect(popupState({ tabUrl: url, loading: false, paused: 'site' })).toEqual({ kind: 'paused', by: 'site' });
    expect(popupState({ tabUrl: url, loading: false, paused: 'setting', report: report([], 3) })).toEqual({ kind: 'paused', by: 'setting' });
    expect(popupState({ tabUrl: url, loading: true, report: report([], 2) })).toEqual({ kind: 'scanning', checked: 2 });
    expect(popupState({ tabUrl: url, loading: false })).toEqual({ kind: 'scanning', checked: 0 });
    expect(popupState({ tabUrl: url, loading: false, report: report([], 0) })).toEqual({ kind: 'no-images' });
    expect(popupState({ tabUrl: url, loading: false, report: report([], 23) })).toEqual({ kind: 'none-registered', checked: 23 });
  });

  it('keeps "checking" while the page still has images waiting, and says how many', () => {
    // 23 checked and nothing flagged is not "none registered" while 4 more wait for their verdict.
    expect(popupState({ tabUrl: url, loading: false, pending: 4, report: report([], 23) })).toEqual({ kind: 'scanning', checked: 23, pending: 4 });
    expect(popupState({ tabUrl: url, loading: false, pending: 0, report: report([], 23) })).toEqual({ kind: 'none-registered', checked: 23 });
    expect(popupState({ tabUrl: url, loading: false, pending: 2, report: report([img('a', match('unlicensed'))]) })).toEqual({ kind: 'flagged', pending: 2 });
    // A paused page says it is paused, whatever its count.
    expect(popupState({ tabUrl: url, loading: false, pending: 2, paused: 'site', report: report([img('a', match('unlicensed'))]) })).toEqual({ kind: 'flagged', paused: 'site' });
  });

  it('ignores results stored for an earlier page of the tab (the hash does not count)', () => {
    const old = report([img('a', match('unlicensed'))], 1, 'https://site.example/old');
    expect(currentReport({ tabUrl: url, report: old })).toBeUndefined();
    expect(popupState({ tabUrl: url, loading: false, report: old })).toEqual({ kind: 'scanning', checked: 0 });
    expect(currentReport({ tabUrl: `${url}#top`, report: report([], 1, url)})).toBeDefined();
    expect(currentReport({ tabUrl: url, report: report([], 0, '') })).toBeUndefined();
  });
});

describe('pausing sites', () => {
  it('tells a paused site from scanning turned off', () => {
    expect(pauseReason({ autoScan: false, pausedSites: [] }, 'https://a.example/')).toBe('setting');
    expect(pauseReason({ autoScan: true, pausedSites: ['a.example'] }, 'https://www.a.example/x')).toBe('site');
    expect(pauseReason({ autoScan: true, pausedSites: ['a.example'] }, 'https://b.example/')).toBeUndefined();
  });

  it('adds a host once and removes every entry covering it', () => {
    expect(withSitePaused([], 'www.a.example', true)).toEqual(['www.a.example']);
    expect(withSitePaused(['a.example'], 'www.a.example', true)).toEqual(['a.example']);
    expect(withSitePaused(['a.example', 'b.example', 'www.a.example'], 'www.a.example', false)).toEqual(['b.example']);
  });
});
