import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { upperMedian } from '../../src/lib/match/hints/tone.js';

// hints/aligned.ts fits its colour change around the median cell: selection must give what sorting gave.
describe('upperMedian', () => {
  it('equals the value a numeric sort puts at index length >> 1, ties and repeats included (-0 and 0 alike)', () => {
    const values = fc.array(fc.oneof(fc.double({ min: -300, max: 300, noNaN: true }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(values, (v) => {
        for (const a of [Float64Array.from(v), Float32Array.from(v)]) expect(upperMedian(a.slice()) === a.sort()[a.length >> 1]).toBe(true);
      }),
    );
  });
});
