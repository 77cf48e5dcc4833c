/** A decoding thread's queue (task-queue.ts): at most `limit` images at once, the rest in order, the next one started as one settles. */
import { describe, expect, it } from 'vitest';
import { TaskQueue } from '../../src/cli/audit/task-queue.js';

/** A run whose items settle when the test says so. */
function held() {
  const started: number[] = [];
  const settle = new Map<number, (ok: boolean) => void>();
  const run = (n: number) =>
    new Promise<void>((done, fail) => {
      started.push(n);
      settle.set(n, (ok) => (ok ? done() : fail(new Error(`item ${n}`))));
    });
  return { started, settle, run };
}
const turn = () => new Promise((r) => setTimeout(r, 0));

describe('audit task queue', () => {
  it('runs at most its limit at once and holds the rest in the order they came', async () => {
    const { started, settle, run } = held();
    const q = new TaskQueue(2, run);
    for (const n of [1, 2, 3, 4, 5]) q.push(n);
    expect(started).toEqual([1, 2]);
    expect([q.running, q.queued]).toEqual([2, 3]);
    settle.get(2)!(true);
    await turn();
    expect(started).toEqual([1, 2, 3]);
    // A rejected item frees its place too.
    settle.get(1)!(false);
    await turn();
    expect(started).toEqual([1, 2, 3, 4]);
    expect([q.running, q.queued]).toEqual([2, 1]);
    for (const n of [3, 4]) settle.get(n)!(true);
    await turn();
    settle.get(5)!(true);
    await turn();
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect([q.running, q.queued]).toEqual([0, 0]);
  });

  it('starts an item pushed while a place is free at once', () => {
    const { started, run } = held();
    const q = new TaskQueue(2, run);
    q.push(1);
    expect(started).toEqual([1]);
    expect(q.queued).toBe(0);
  });

  it('drained() waits for items pushed while running, and resolves at once when idle', async () => {
    const { started, settle, run } = held();
    const q = new TaskQueue(1, run);
    await q.drained();
    q.push(1);
    let drained = false;
    void q.drained().then(() => (drained = true));
    settle.get(1)!(true);
    // Pushed before the queue had a turn with nothing to do: waited for too.
    q.push(2);
    await turn();
    expect([started, drained]).toEqual([[1, 2], false]);
    settle.get(2)!(false);
    await turn();
    expect(drained).toBe(true);
  });
});
