import { existsSync, readdirSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { matcherOf } from './helpers/matcher-of.js';
import { windowsAround } from '../../src/lib/match/detail/extend/window-keys.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { decodeForHash, imageSizeOf } from '../../src/node/decode.js';
import { GEOMETRY_VARIANTS } from '../../bench/lib/geometry-variants.js';
import { makePortraits } from '../../bench/lib/portraits.js';

const SHARED = new URL('../../../shared/corpus/', import.meta.url).pathname;

describe('window keys of outpainted portraits (window-keys.ts)', () => {
  it('gives each window shape its own window: a figure low in a work extended in width still gets the work\'s', () => {
    // Portrait 7 of bench:robustness at 50% of the area: the work at x 0.17-0.67 over the whole height, its figure
    // (the detail box) in the lower half. The three windows centred nearest the box were all of the other shapes.
    const windows = windowsAround([0.17, 0.51, 0.68, 0.98]);
    const tall = windows.find(([, , w, h]) => w === 0.5 && h === 1);
    expect(tall, JSON.stringify(windows)).toBeDefined();
    expect(Math.abs(tall![0] - 0.17)).toBeLessThan(1 / 16);
    expect(new Set(windows.map(([, , w, h]) => `${w}x${h}`)).size).toBe(windows.length);
  });
});

/**
 * bench:robustness's registered works that outranked portraits 7 and 11 among the detail stage's candidates, and its
 * 24 portraits, in the benchmark's order; each portrait's outpainted copy made with the benchmark's seed (its index
 * there: 54 works before the portraits).
 */
const OUTRANKING = ['w0047.jpg', 'w0059.jpg', 'w0067.jpg', 'w0071.jpg', 'w0100.jpg', 'w0106.jpg', 'w0116.jpg'];
const BENCH_WORKS = 54;

// The corpus is not in the repository; in CI its absence is a failure, not a skip.
describe.skipIf(!existsSync(SHARED) && !process.env.CI)('outpainted portraits at 50% of the area among other portraits (bench:robustness)', () => {
  let matcher: Matcher;
  let portraits: Awaited<ReturnType<typeof makePortraits>>;
  beforeAll(async () => {
    const distractors = readdirSync(`${SHARED}distractors`).sort().map((f) => `${SHARED}distractors/${f}`);
    const works = readdirSync(`${SHARED}works`).filter((f) => f.endsWith('.jpg')).sort();
    portraits = await makePortraits(distractors.filter((f) => f.endsWith('.png')), 24, `${SHARED}works/${works[1]!}`);
    const items = [...(await Promise.all(OUTRANKING.map(async (id) => ({ id, bytes: await sharp(`${SHARED}works/${id}`).toBuffer() })))), ...portraits];
    matcher = await matcherOf(items.map((it) => [it.id, it.bytes] as const), { sizes: true });
  }, 180_000);

  /** Portrait k's outpainted copy matched: the portrait alone, said to be extended. */
  async function expectFound(k: number): Promise<void> {
    const variant = GEOMETRY_VARIANTS.find((v) => v.name === 'outpainted, work 50% of area')!;
    const { id, bytes: work } = portraits[k]!;
    const { width, height } = await sharp(work).metadata();
    const bytes = await variant.make(work, width!, height!, BENCH_WORKS + k);
    const found = matcher.match(queryOf(await decodeForHash(bytes), await imageSizeOf(bytes)), 'https://a.example/');
    expect(found.map((m) => m.workId), id).toEqual([id]);
    expect(found[0]!.hints?.changes.map((c) => c.kind)).toContain('extended');
  }

  // Its only candidate source was a word of its boxed hash, 101 bits from the work's: 13th, never verified.
  it('finds portrait 7, a candidate by the window key of its own shape', () => expectFound(7), 60_000);

  // No window of its shape holds its box (the work's continued edges carry detail to the page's bottom): a candidate
  // by a word of its boxed hash, the 8th verified, after the placement search's budget of 6 was spent on other
  // plain-backdrop portraits.
  it('finds portrait 11, searched though the 8th candidate verified', () => expectFound(11), 60_000);
});
