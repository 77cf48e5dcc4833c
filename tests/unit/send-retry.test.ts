/**
 * The content script's scan request (src/content/scan/send.ts) with a background that never answers: each wait is
 * bounded, so the batch comes back failed after its retries (the scanner then queues it again) instead of holding
 * one of the scanner's three slots for good.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

const call = vi.fn();
vi.mock('../../src/messaging.js', () => ({ call }));

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('location', { href: 'https://example.test/page' });
  call.mockReset();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

it('gives up on a background that never replies, after every retry', async () => {
  call.mockImplementation(() => new Promise(() => undefined));
  const { callWithRetry } = await import('../../src/content/scan/send.js');
  let outcome: unknown;
  void callWithRetry(false, [{ url: 'https://example.test/a.jpg' }], () => false).then((r) => (outcome = r));
  await vi.advanceTimersByTimeAsync(30 * 60_000);
  expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/no reply/) });
  expect(call).toHaveBeenCalledTimes(6); // the first try and the 5 retries of RETRY_MS
});

it('returns the first reply that comes', async () => {
  call.mockResolvedValueOnce({ ok: false, error: 'stopped' }).mockResolvedValueOnce({ ok: true, value: { results: [], paused: false, marks: true } });
  const { callWithRetry } = await import('../../src/content/scan/send.js');
  const r = callWithRetry(true, [], () => false);
  await vi.advanceTimersByTimeAsync(1000);
  await expect(r).resolves.toMatchObject({ ok: true });
  expect(call).toHaveBeenCalledTimes(2);
});
