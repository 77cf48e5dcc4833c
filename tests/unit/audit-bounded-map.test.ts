/** The folder audit's walk (bounded-map.ts): results in order, never more than `limit` pending, the first failure ends it. */
import { describe, expect, it } from 'vitest';
import { boundedMap } from '../../src/cli/audit/bounded-map.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('boundedMap', () => {
  it('gives the results in the items order with at most `limit` calls pending', async () => {
    let pending = 0;
    let most = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const out = await boundedMap(items, 4, async (x) => {
      most = Math.max(most, ++pending);
      // Later items finish first: the order must come from the index, not from completion.
      for (let k = 0; k < (x * 7) % 5; k++) await tick();
      pending--;
      return x * 2;
    });
    expect(out).toEqual(items.map((x) => x * 2));
    expect(most).toBe(4);
  });

  it('rejects with the first failure and starts no item after it', async () => {
    const started: number[] = [];
    const run = boundedMap([0, 1, 2, 3, 4, 5, 6, 7], 2, async (x) => {
      started.push(x);
      await tick();
      if (x === 2) throw new Error('item 2');
      return x;
    });
    await expect(run).rejects.toThrow('item 2');
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('handles no items and a limit above the count', async () => {
    expect(await boundedMap([], 8, async (x: number) => x)).toEqual([]);
    expect(await boundedMap([1, 2], 8, async (x) => x + 1)).toEqual([2, 3]);
  });
});
