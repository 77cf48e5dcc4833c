import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { upperMedian } from '../../src/lib/match/hints/tone.js';
import { EDGE_NOISE, NOISE_MIN, significance } from '../../src/lib/match/hints/faint-marks.js';

// hints/aligned.ts and faint-marks.ts take medians by selection: it must give what sorting gave.
describe('upperMedian', () => {
  it('equals the value a numeric sort puts at index length >> 1, ties and repeats included (-0 and 0 alike)', () => {
    const values = fc.array(fc.oneof(fc.double({ min: -300, max: 300, noNaN: true }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(values, (v) => {
        for (const a of [Float64Array.from(v), Float32Array.from(v)]) expect(upperMedian(a.slice()) === a.sort()[a.length >> 1]).toBe(true);
      }),
    );
  });

  it('gives faint-marks.ts significance the noise level sorting gave', () => {
    const cells = fc.array(fc.oneof(fc.float({ min: -40, max: 40, noNaN: true }), fc.constantFrom(0, 1, 2)), { minLength: 256, maxLength: 256 });
    fc.assert(
      fc.property(cells, cells, (residual, edge) => {
        const a = { residual: Float32Array.from(residual), edge: Float32Array.from(edge.map(Math.abs)), changed: new Uint8Array(256) };
        // The sort-based original.
        const e = Array.from(a.edge).sort((x, y) => x - y)[128]!;
        const flat = Array.from(a.residual).filter((_, i) => a.edge[i]! <= e).map(Math.abs).sort((x, y) => x - y);
        const noise = Math.max(NOISE_MIN, flat.length ? 1.4826 * flat[flat.length >> 1]! : 0);
        const want = a.residual.map((r, i) => Math.min(4, Math.abs(r) / (noise + EDGE_NOISE * a.edge[i]!)));
        expect(significance(a)).toEqual(want);
      }),
    );
  });
});
