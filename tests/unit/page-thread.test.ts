import { describe, expect, it } from 'vitest';
import { pageThread } from '../../bench/lib/page-thread.js';

const task = (pid: number, tid: number, dur: number, tdur: number) => ({ name: 'RunTask', ph: 'X', ts: 0, dur: dur * 1000, tdur: tdur * 1000, pid, tid });

describe('bench page-thread figures', () => {
  const trace = [
    { name: 'ParseHTML', ph: 'X', ts: 0, dur: 5, pid: 2, tid: 7, args: { beginData: { url: 'http://127.0.0.1:1/gen/bench.html' } } },
    task(2, 7, 10, 4), // the page's thread: a short task
    task(2, 7, 120, 30), // long by wall (waited for a core), not by CPU
    task(2, 7, 80, 60), // long both ways
    task(2, 8, 500, 500), // another thread of the same process (a worker): not the page's
    task(3, 7, 900, 900), // another renderer (the offscreen document)
  ];

  it("sums only the thread that parsed the page, by CPU time, and counts its long tasks both ways", () => {
    expect(pageThread(trace, '/gen/bench.html')).toEqual({ cpuMs: 94, longTasks: 2, longTasksCpu: 1 });
  });

  it('gives nothing for a page the trace did not parse', () => {
    expect(pageThread(trace, '/other.html')).toBeUndefined();
  });
});
