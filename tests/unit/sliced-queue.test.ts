import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slicedQueue } from '../../src/content/scan/sliced-queue.js';

/** A fake clock each item advances by `costMs`, and a task list the test runs by hand. */
function harness(costMs: number, sliceMs = 6) {
  let clock = 0;
  const tasks: Array<() => void> = [];
  const handled: number[] = [];
  const slices: number[] = [];
  let inSlice = 0;
  const q = slicedQueue<number>({
    each: (n) => {
      handled.push(n);
      inSlice++;
      clock += costMs;
    },
    after: () => {
      slices.push(inSlice);
      inSlice = 0;
    },
    schedule: (fn) => tasks.push(fn),
    sliceMs,
    now: () => clock,
  });
  const runTasks = () => {
    let n = 0;
    while (tasks.length) {
      tasks.shift()!();
      n++;
    }
    return n;
  };
  return { q, tasks, handled, slices, runTasks };
}

describe('slicedQueue', () => {
  it('handles nothing in the pushing task, then every item in order, in slices no longer than sliceMs', () => {
    const h = harness(0.5, 6);
    for (let i = 0; i < 5000; i++) h.q.push(i);
    expect(h.handled).toEqual([]);
    expect(h.q.size).toBe(5000);
    const tasks = h.runTasks();
    expect(h.handled).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(h.q.size).toBe(0);
    // 6 ms slices at 0.5 ms an item: 12 items each (13 with the one that crosses the line would exceed it).
    expect(Math.max(...h.slices)).toBe(12);
    expect(tasks).toBe(Math.ceil(5000 / 12));
    expect(h.slices.reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('handles at least one item per slice even when one item takes longer than a slice', () => {
    const h = harness(20, 6);
    for (let i = 0; i < 3; i++) h.q.push(i);
    expect(h.runTasks()).toBe(3);
    expect(h.slices).toEqual([1, 1, 1]);
  });

  it('schedules one task at a time however many items are pushed', () => {
    const h = harness(0, 6);
    h.q.push(1);
    h.q.push(2);
    expect(h.tasks.length).toBe(1);
  });

  it('stops at once when an item clears the queue, and calls after for what it handled', () => {
    const h = harness(0.1, 6);
    const q = slicedQueue<number>({ each: (n) => n === 3 && q.clear(), after: () => h.slices.push(-1), schedule: (fn) => h.tasks.push(fn), sliceMs: 6, now: () => 0 });
    for (let i = 0; i < 10; i++) q.push(i);
    expect(h.runTasks()).toBe(1);
    expect(q.size).toBe(0);
    expect(h.slices).toEqual([-1]);
  });

  it('loses and repeats nothing whatever the interleaving of pushes and slices', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constant(0)), { maxLength: 40 }), fc.double({ min: 0.01, max: 10, noNaN: true }), (ops, cost) => {
        const h = harness(cost, 6);
        let next = 0;
        for (const op of ops) {
          if (op === 0) h.tasks.shift()?.();
          else for (let i = 0; i < op; i++) h.q.push(next++);
        }
        h.runTasks();
        expect(h.handled).toEqual(Array.from({ length: next }, (_, i) => i));
        // No slice ran past its time by more than the one item that crossed the line.
        expect(Math.max(0, ...h.slices) * cost).toBeLessThanOrEqual(6 + cost + 1e-9);
      }),
    );
  });
});
