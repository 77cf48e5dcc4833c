import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/background/tab-results/keyed-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedQueue', () => {
  it('runs calls for one key one at a time, in order, and goes on after a failure', async () => {
    const q = new KeyedQueue<number>();
    const log: string[] = [];
    const job = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const a = q.run(1, job('a', true));
    const b = q.run(1, job('b'));
    await expect(a).rejects.toThrow('a');
    await expect(b).resolves.toBe('b');
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('runs different keys side by side', async () => {
    const q = new KeyedQueue<number>();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([q.run(1, job('a')), q.run(2, job('b'))]);
    expect(log.slice(0, 2)).toEqual(['a start', 'b start']);
  });
});
