/**
 * The boxed probe when the low-detail box is the trim itself (a border of one colour, boxed === trimmed): the one
 * search is the boxed probe too, so its works are verified against the work's own box as well (prepare.ts inBox),
 * and a copy that agrees inside the border stays "border added".
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { probes } from '../../src/lib/match/lookup-phases.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { decodeForHash, imageSizeOf } from '../../src/node/decode.js';
import { demoImage } from './helpers/redrawn.js';
import { matcherOf } from './helpers/turned.js';

const bordered = (name: string, colour: string) => sharp(demoImage(name)).extend({ top: 60, bottom: 60, left: 60, right: 60, background: colour }).jpeg({ quality: 85 }).toBuffer();

describe('boxed probe inside a border', () => {
  it('searches the box when it is the trim, as the trimmed probe, and keeps a bordered copy "border added"', async () => {
    const m = await matcherOf([['chelsea', demoImage('chelsea.jpg')], ['rocket', demoImage('rocket.jpg')]]);
    for (const [name, colour] of [['chelsea.jpg', '#ffffff'], ['rocket.jpg', '#000000']] as const) {
      const bytes = await bordered(name, colour);
      const q = queryOf(await decodeForHash(bytes), await imageSizeOf(bytes));
      expect(q.boxed, name).toBe(q.trimmed);
      expect(probes(q).filter((p) => p.boxed), name).toMatchObject([{ trimmed: true }]);
      const p = m.prepare(q);
      expect([...p.inBox].map((w) => m.packed.workIds[w]), name).toEqual([name.replace('.jpg', '')]);
      expect(m.match(q, 'https://a.example/').map((x) => [x.workId, x.hints?.changes.map((c) => c.kind)]), name).toEqual([[name.replace('.jpg', ''), ['border']]]);
    }
  }, 60_000);
});
