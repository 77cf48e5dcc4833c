import { describe, expect, it } from 'vitest';
import type { ImageResult } from '../../src/lib/protocol/messages.js';
import { flaggedByModel, groupByModel, matchesByModel } from '../../src/lib/license/model-groups.js';
import type { LicenseTerms, SourceId, Verdict, WorkMatch } from '../../src/lib/types.js';

const TERMS: LicenseTerms = { personalUse: true, commercialUse: 'license-required', attributionRequired: true, derivativesAllowed: false };

function match(model: string, verdict: Verdict, distance = 0, source: SourceId = 'demo'): WorkMatch {
  return {
    workId: `w-${model}-${distance}`,
    distance,
    verdict,
    source,
    model: { id: model, name: model.toUpperCase(), license: TERMS },
    creator: { id: 'c', name: 'Lin' },
  };
}

const img = (url: string, ...matches: WorkMatch[]): ImageResult => ({ url, status: 'matched', matches, checkedAt: 0 });
const shape = (groups: ReturnType<typeof flaggedByModel>) => groups.map((g) => [g.match.model.id, g.match.verdict, g.items.map((i) => i.url)]);

describe('flagged images by model', () => {
  it('puts 40 images of one model in one block, once', () => {
    const flagged = Array.from({ length: 40 }, (_, i) => img(`https://x/${String(i).padStart(2, '0')}.jpg`, match('muse', 'unlicensed', i % 7)));
    const groups = flaggedByModel(flagged);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.items).toHaveLength(40);
    // Nearest first inside the block, then by URL.
    expect(groups[0]!.items.map((i) => i.matches[0]!.distance)).toEqual([...groups[0]!.items.map((i) => i.matches[0]!.distance)].sort((a, b) => a - b));
    expect(groups[0]!.items.slice(0, 2).map((i) => i.url)).toEqual(['https://x/00.jpg', 'https://x/07.jpg']);
  });

  it('orders blocks unlicensed first, then by verdict, then by the nearest copy', () => {
    const groups = flaggedByModel([
      img('a', match('open', 'free-credit', 0)),
      img('b', match('studio', 'licensed', 0)),
      img('c', match('muse', 'unlicensed', 9)),
      img('d', match('other', 'unlicensed', 3)),
      img('e', match('muse', 'unlicensed', 1)),
    ]);
    expect(shape(groups)).toEqual([
      ['muse', 'unlicensed', ['e', 'c']],
      ['other', 'unlicensed', ['d']],
      ['open', 'free-credit', ['a']],
      ['studio', 'licensed', ['b']],
    ]);
  });

  it('files an image under the model of the match it is shown with, and keeps models of different lists apart', () => {
    const groups = flaggedByModel([
      img('a', match('m', 'unlicensed', 0, 'list:alice'), match('m', 'unlicensed', 0, 'list:bob')),
      img('b', match('m', 'unlicensed', 2, 'list:bob')),
    ]);
    expect(groups.map((g) => [g.match.source, g.items.map((i) => i.url)])).toEqual([
      ['list:alice', ['a']],
      ['list:bob', ['b']],
    ]);
  });

  it('never puts two verdicts in one block, and leaves out images without a match', () => {
    const groups = flaggedByModel([img('a', match('m', 'unlicensed')), img('b', match('m', 'licensed')), { url: 'c', status: 'matched', matches: [], checkedAt: 0 }]);
    expect(shape(groups)).toEqual([
      ['m', 'unlicensed', ['a']],
      ['m', 'licensed', ['b']],
    ]);
  });
});

describe("one image's matches by model (the card)", () => {
  it('keeps the matcher order and gathers several works of one model', () => {
    const groups = matchesByModel([match('muse', 'unlicensed', 2), match('open', 'free', 0), match('muse', 'unlicensed', 5)]);
    expect(groups.map((g) => [g.match.model.id, g.items.map((m) => m.distance)])).toEqual([
      ['muse', [2, 5]],
      ['open', [0]],
    ]);
  });

  it('groups any items by what the caller says their match is', () => {
    expect(groupByModel([], () => undefined)).toEqual([]);
  });
});
