import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withDeadline } from '../../src/lib/page/index.js';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('withDeadline', () => {
  it('gives the work its outcome when it comes in time', async () => {
    await expect(withDeadline(Promise.resolve(1), 1000, () => 2)).resolves.toBe(1);
    await expect(withDeadline(Promise.reject(new Error('no')), 1000, () => 2)).rejects.toThrow('no');
    expect(vi.getTimerCount()).toBe(0); // the timer is cleared: nothing keeps a worker awake
  });

  it("gives late()'s value, or what it throws, once the time passed", async () => {
    const never = new Promise<number>(() => undefined);
    const late = withDeadline(never, 1000, () => 2);
    const thrown = withDeadline(never, 1000, () => {
      throw new Error('too late');
    });
    const caught = expect(thrown).rejects.toThrow('too late');
    await vi.advanceTimersByTimeAsync(1000);
    await expect(late).resolves.toBe(2);
    await caught;
  });
});
