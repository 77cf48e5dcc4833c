import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksum, packArrays, unpackArrays } from '../../src/lib/match/indexing/stored-arrays.js';

describe('stored arrays (one buffer + directory)', () => {
  it('round-trips every typed-array and string-list field, nested one level, as views on one 8-byte-aligned buffer', () => {
    fc.assert(
      fc.property(fc.uint32Array(), fc.uint8Array(), fc.float32Array({ noNaN: true }), fc.float64Array({ noNaN: true }), fc.array(fc.string()), (a, b, c, d, ids) => {
        const read = unpackArrays(structuredClone(packArrays({ a, ids, nested: { b, c }, d })));
        if (!read.ok) throw new Error(read.reason);
        expect(read.fields).toEqual({ a, ids, nested: { b, c }, d });
        const f = read.fields as { a: Uint32Array; d: Float64Array; nested: { b: Uint8Array } };
        expect(f.nested.b.buffer).toBe(f.a.buffer);
        expect(f.d.byteOffset % 8).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('packs a view of a larger buffer as its own elements only', () => {
    const big = Uint32Array.from([1, 2, 3, 4, 5]);
    const read = unpackArrays(packArrays({ v: big.subarray(1, 3) }));
    expect(read.ok && Array.from(read.fields.v as Uint32Array)).toEqual([2, 3]);
  });

  it('refuses what it cannot store, and values that are not what it stores', () => {
    expect(() => packArrays({ bad: [1, 2] as unknown as string[] })).toThrow(/cannot store field bad/);
    const ok = packArrays({ a: Uint32Array.from([1, 2, 3]) });
    expect(unpackArrays(null)).toEqual({ ok: false, reason: 'stored arrays are corrupt' });
    expect(unpackArrays({ ...ok, buffer: new Uint8Array(ok.buffer) })).toEqual({ ok: false, reason: 'stored arrays are corrupt' });
    expect(unpackArrays({ ...ok, sample: ok.sample ^ 1 })).toMatchObject({ ok: false, reason: /truncated or corrupt/ });
    expect(unpackArrays({ ...ok, arrays: { a: ['Uint32Array', 4, 3] } })).toMatchObject({ ok: false, reason: /a is corrupt/ });
    expect(unpackArrays({ ...ok, arrays: { a: ['Uint32Array', 0, 5] } })).toMatchObject({ ok: false, reason: /a is truncated/ });
    expect(unpackArrays({ ...ok, arrays: { a: ['toString', 0, 1] } })).toMatchObject({ ok: false, reason: /a is corrupt/ });
  });

  it('samples large buffers: the checksum sees the length, the first and the last word', () => {
    const buf = new ArrayBuffer(1 << 22);
    const sum = checksum(buf);
    expect(checksum(buf.slice(0, buf.byteLength - 8))).not.toBe(sum);
    for (const at of [0, (1 << 20) - 1]) {
      const changed = buf.slice(0);
      new Uint32Array(changed)[at] = 1;
      expect(checksum(changed)).not.toBe(sum);
    }
  });
});
