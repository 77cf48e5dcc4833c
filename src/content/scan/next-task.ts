/**
 * The next slice of work, after the page had its turn. A hidden document's timers are throttled to one a second
 * (Chromium 156, Firefox 153), which would stretch a background tab's walk over minutes: there a message to
 * ourselves (not throttled) yields instead; nobody is looking at that page, and each slice is still short.
 */
const channel = new MessageChannel();
const queued: Array<() => void> = [];
channel.port1.onmessage = () => queued.shift()?.();

/** A timer id (visible document) or 0 (hidden: queued behind a message); either way "scheduled". */
export type TaskHandle = ReturnType<typeof setTimeout> | 0;

export function nextTask(fn: () => void): TaskHandle {
  if (!document.hidden) return setTimeout(fn, 0);
  queued.push(fn);
  channel.port2.postMessage(0);
  return 0;
}
