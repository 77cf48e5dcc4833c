/**
 * The audit's decoders (decode-pool.ts): the main thread is one of them, so `--jobs 1` starts no thread at all and
 * `--jobs 2` starts one; every image's reply is the one decodeTask gives, whichever thread made it. A thread started
 * from the bundle gets the parent's flags without tsx's loader.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecodePool, threadArgv, WORKER_IN_HAND } from '../../src/cli/audit/decode-pool.js';
import { DECODING, decodeTask } from '../../src/cli/audit/decode-task.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
const files = readdirSync(DEMO)
  .filter((f) => /\.(jpe?g|png)$/.test(f))
  .sort()
  .slice(0, 8)
  .map((f) => DEMO + f);

async function decodeAll(size: number) {
  const pool = new DecodePool(size);
  try {
    // The thread is spawned once its entry is ready (a bundle may be built first): the main thread alone could
    // otherwise decode every file before then.
    await pool.started;
    const replies = await Promise.all(files.map((f) => pool.decode(f)));
    return { replies, threads: pool.threads, onMain: pool.decodedOnMain };
  } finally {
    await pool.close();
  }
}

describe('audit decode pool', { timeout: 120_000 }, () => {
  it('decodes on the main thread alone with one decoder: no thread started', async () => {
    const { replies, threads, onMain } = await decodeAll(1);
    expect(threads).toBe(0);
    expect(onMain).toBe(files.length);
    for (const [i, f] of files.entries()) expect(replies[i]).toEqual(await decodeTask({ id: i, path: f }));
  });

  it('with two decoders starts one thread beside the main thread, and the replies are the same', async () => {
    const { replies, threads, onMain } = await decodeAll(2);
    expect(threads).toBe(1);
    expect(onMain).toBeGreaterThan(0);
    expect(onMain).toBeLessThan(files.length);
    for (const [i, f] of files.entries()) expect(replies[i]).toEqual(await decodeTask({ id: i, path: f }));
  });

  it('hands the worker thread more images than it decodes at once, so it has its next one while the main thread is busy', async () => {
    const pool = new DecodePool(2);
    try {
      await pool.started;
      const replies = files.map((f) => pool.decode(f));
      // Handed out synchronously, before either decoder answers: the main thread's DECODING, the worker's WORKER_IN_HAND.
      expect(WORKER_IN_HAND).toBeGreaterThan(DECODING);
      expect(pool.decodedOnMain).toBe(DECODING);
      expect(pool.inHand).toEqual([WORKER_IN_HAND]);
      for (const [i, r] of (await Promise.all(replies)).entries()) expect(r).toEqual(await decodeTask({ id: i, path: files[i]! }));
      expect(pool.inHand).toEqual([0]);
    } finally {
      await pool.close();
    }
  });

  it('starts its thread when the process runs with flags Node refuses in a thread (--max-old-space-size, --stack-size)', async () => {
    const given = [...process.execArgv];
    process.execArgv.push('--max-old-space-size=3000', '--stack-size=900');
    try {
      const { replies, threads } = await decodeAll(2);
      expect(threads).toBe(1);
      for (const [i, f] of files.entries()) expect(replies[i]).toEqual(await decodeTask({ id: i, path: f }));
    } finally {
      process.execArgv.splice(0, process.execArgv.length, ...given);
    }
  });

  it("drops tsx's loader from the thread's flags and keeps the rest", () => {
    const tsx = ['--require', '/p/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///p/node_modules/tsx/dist/loader.mjs'];
    expect(threadArgv([...tsx, '--max-old-space-size=4096', '--import', 'file:///p/other.mjs'])).toEqual(['--max-old-space-size=4096', '--import', 'file:///p/other.mjs']);
    expect(threadArgv(['--import=file:///p/node_modules/tsx/dist/loader.mjs', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(threadArgv([])).toEqual([]);
  });
});
