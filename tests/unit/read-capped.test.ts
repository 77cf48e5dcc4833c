import { describe, expect, it } from 'vitest';
import { readCapped } from '../../src/lib/read-capped.js';

/** A stream of `chunks` chunks of 1,000 bytes (endless when Infinity) that records whether it was cancelled. */
function source(chunks: number, failAt = -1) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled === failAt) return c.error(new TypeError('connection reset'));
      if (state.pulled++ >= chunks) return c.close();
      c.enqueue(new Uint8Array(1000).fill(state.pulled & 255));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('readCapped', () => {
  it('returns every byte, in order, of a stream within the cap (the cap itself included)', async () => {
    const { stream } = source(5);
    const bytes = await readCapped(stream, 5000);
    expect(bytes?.byteLength).toBe(5000);
    expect([bytes![0], bytes![1000], bytes![4999]]).toEqual([1, 2, 5]);
  });

  it('stops an endless stream just past the cap and cancels it', async () => {
    const { stream, state } = source(Infinity);
    expect(await readCapped(stream, 10_500)).toBeUndefined();
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(20); // the 11th chunk passes the cap; a little read-ahead at most
  });

  it('throws a read error', async () => {
    const { stream } = source(10, 3);
    await expect(readCapped(stream, 1e6)).rejects.toThrow('connection reset');
  });
});
