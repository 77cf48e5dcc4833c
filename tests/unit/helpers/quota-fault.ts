/**
 * Storage-full fault injection for fake-indexeddb: the nth write fails the way a full disk does, either thrown at
 * the call (QuotaExceededError) or accepted and then aborting its transaction at commit (what Chromium does).
 * Restore with vi.restoreAllMocks() (afterEach).
 */
import { IDBObjectStore as FDBObjectStore } from 'fake-indexeddb';
import { vi } from 'vitest';

export type QuotaFailure = 'throws' | 'aborts-at-commit';

export const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** Counts calls of the given write methods together (from 1) and fails the nth. */
export function failNthWrite(n: number, how: QuotaFailure, methods: ReadonlyArray<'add' | 'put'> = ['add', 'put']): void {
  let calls = 0;
  for (const method of methods) {
    const original = FDBObjectStore.prototype[method];
    vi.spyOn(FDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
      if (++calls !== n) return original.apply(this, args);
      if (how === 'throws') throw quotaError();
      const req = original.apply(this, args);
      const tx = this.transaction;
      queueMicrotask(() => {
        try {
          (tx as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
        } catch {
          tx.abort();
        }
      });
      return req;
    });
  }
}
