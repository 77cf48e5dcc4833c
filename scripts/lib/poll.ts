/**
 * The one wait loop of the end-to-end helpers: reads until `done` holds, or throws `fail(last)` after `timeoutMs`.
 * Tests themselves use vitest's `expect.poll`; this is for helpers that return what they waited for.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  fail: (last: T) => string,
  { timeoutMs = 10_000, everyMs = 200 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(fail(value));
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
