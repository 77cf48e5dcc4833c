import { describe, expect, it } from 'vitest';
import { CaptureStore, captureKey } from '../../src/background/scan/capture-store.js';
import { SkipError } from '../../src/pixels/limits.js';

const bytes = (n: number, v = 1) => new Uint8Array(n).fill(v);
const store = (budget = 100, max = 50) => new CaptureStore(budget, max, 'larger than max');

describe('captured page responses', () => {
  it('gives back the joined bytes with their validators once, keyed by tab and URL without the fragment', async () => {
    const s = store();
    const c = s.start(captureKey(3, 'http://a/x.jpg'), { etag: '"e"' });
    expect(c.add(bytes(10, 1))).toBe(true);
    expect(c.add(bytes(5, 2))).toBe(true);
    c.finish();
    const got = await s.take(captureKey(3, 'http://a/x.jpg#frag'), 0);
    expect(got?.etag).toBe('"e"');
    expect([...got!.bytes]).toEqual([...bytes(10, 1), ...bytes(5, 2)]);
    expect(await s.take(captureKey(3, 'http://a/x.jpg'), 0)).toBeUndefined();
    expect(await s.take(captureKey(4, 'http://a/x.jpg'), 0)).toBeUndefined();
    expect(s.held).toBe(0);
  });

  it('keeps nothing of a response aborted midway, and frees its bytes', async () => {
    const s = store();
    const c = s.start('k', {});
    c.add(bytes(20));
    c.fail();
    expect(s.held).toBe(0);
    expect(await s.take('k', 0)).toBeUndefined();
  });

  it('waits for a response still arriving, and gives up after the wait', async () => {
    const s = store();
    const c = s.start('k', {});
    c.add(bytes(4));
    const taken = s.take('k', 5_000);
    c.finish();
    expect((await taken)?.bytes.length).toBe(4);
    s.start('slow', {}).add(bytes(4));
    expect(await s.take('slow', 10)).toBeUndefined();
  });

  it('refuses a response past the per-image limit with the fetch reason, and stops copying it', async () => {
    const s = store(100, 50);
    const c = s.start('big', {});
    expect(c.add(bytes(40))).toBe(true);
    expect(c.add(bytes(20))).toBe(false);
    expect(s.held).toBe(0);
    await expect(s.take('big', 0)).rejects.toThrow(SkipError);
    s.refuse('404', 'HTTP 404');
    await expect(s.take('404', 0)).rejects.toThrow('HTTP 404');
  });

  it('stays within the total budget: finished copies evicted oldest first, an in-flight one past it given up', async () => {
    const s = store(100, 50);
    for (const k of ['a', 'b']) {
      const c = s.start(k, {});
      c.add(bytes(40));
      c.finish();
    }
    const c = s.start('c', {});
    expect(c.add(bytes(40))).toBe(true);
    expect(s.held).toBe(80);
    expect(await s.take('a', 0)).toBeUndefined();
    const d = s.start('d', {});
    expect(d.add(bytes(30))).toBe(true); // evicts b
    expect(s.held).toBe(70);
    const e = s.start('e', {});
    expect(e.add(bytes(40))).toBe(false); // c and d are in flight: no room
    expect(await s.take('e', 0)).toBeUndefined();
    expect(s.held).toBeLessThanOrEqual(100);
  });

  it('forgets a closed tab', async () => {
    const s = store();
    const c = s.start(captureKey(7, 'http://a/y.png'), {});
    c.add(bytes(3));
    c.finish();
    s.forgetTab(7);
    expect(s.held).toBe(0);
    expect(await s.take(captureKey(7, 'http://a/y.png'), 0)).toBeUndefined();
  });
});
