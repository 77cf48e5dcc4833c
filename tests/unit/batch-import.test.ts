import { describe, expect, it } from 'vitest';
import { runImport, type ImportProgress } from '../../src/lib/own/batch-import.js';

const names = (n: number) => Array.from({ length: n }, (_, i) => `img-${i}.jpg`);
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('batch import of works', () => {
  it('adds 1,000 items in batches, names each failure and carries on', async () => {
    const saved: string[][] = [];
    const seen: number[] = [];
    const p = await runImport(names(1000), {
      name: (n) => n,
      prepare: async (n) => {
        await tick();
        if (n === 'img-17.jpg' || n === 'img-999.jpg') throw new Error('not an image');
        return n;
      },
      save: async (batch) => void saved.push(batch),
      onProgress: (x) => seen.push(x.done),
      batchSize: 50,
    });
    expect(p).toMatchObject({ total: 1000, done: 1000, saved: 998, cancelled: false });
    expect(p.failures).toEqual([
      { name: 'img-17.jpg', error: 'not an image' },
      { name: 'img-999.jpg', error: 'not an image' },
    ]);
    expect(saved.flat()).toHaveLength(998);
    expect(new Set(saved.flat()).size).toBe(998);
    expect(Math.max(...saved.map((b) => b.length))).toBe(50);
    expect(seen.at(-1)).toBe(1000);
    // Progress only moves forward.
    expect(seen.every((d, i) => i === 0 || d >= seen[i - 1]!)).toBe(true);
  });

  it('stops taking items when cancelled and keeps what was prepared', async () => {
    const ctrl = new AbortController();
    let saved = 0;
    const p = await runImport(names(1000), {
      name: (n) => n,
      prepare: async (n, signal) => {
        await tick();
        signal.throwIfAborted();
        return n;
      },
      save: async (batch) => void (saved += batch.length),
      signal: ctrl.signal,
      onProgress: (x: ImportProgress) => {
        if (x.done === 100) ctrl.abort();
      },
      batchSize: 30,
    });
    expect(p.cancelled).toBe(true);
    expect(p.done).toBeGreaterThanOrEqual(100);
    expect(p.done).toBeLessThan(110);
    expect(p.failures).toEqual([]);
    expect(p.saved).toBe(saved);
    expect(saved).toBeGreaterThanOrEqual(100);
  });

  it('names every work of a batch that could not be saved, and saves the next batches', async () => {
    let calls = 0;
    const p = await runImport(names(10), {
      name: (n) => n,
      prepare: async (n) => n,
      save: async () => {
        if (++calls === 1) throw new Error('quota exceeded');
      },
      batchSize: 4,
      concurrency: 1,
    });
    expect(p.saved).toBe(6);
    expect(p.failures.map((f) => f.name)).toEqual(['img-0.jpg', 'img-1.jpg', 'img-2.jpg', 'img-3.jpg']);
    expect(p.failures[0]!.error).toBe('quota exceeded');
  });

  it('handles an empty selection', async () => {
    const p = await runImport([], { name: String, prepare: async () => 1, save: async () => undefined });
    expect(p).toEqual({ total: 0, done: 0, saved: 0, failures: [], cancelled: false });
  });
});
