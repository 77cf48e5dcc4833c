/**
 * Tells the background which flagged images this frame still shows, so the toolbar badge goes down when one is
 * removed from the page (and up again if it comes back). Debounced, and only when the set changed.
 */
import { call } from '../messaging.js';

const DELAY_MS = 300;

/** Returns `schedule()`: after a short pause, sends `shown()` if it differs from what was sent last. */
export function presenceReporter(shown: () => string[]): () => void {
  let last: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async () => {
    timer = undefined;
    const now = shown().sort();
    const key = JSON.stringify(now);
    if (key === last) return;
    last = key;
    const r = await call('scan/present', { shown: now });
    if (!r.ok) last = undefined; // the worker was busy or restarting: the next change sends again
  };
  return () => {
    timer ??= setTimeout(() => void flush(), DELAY_MS);
  };
}
