/**
 * Long loops over a large list (180,000 works) in time slices, so the thread they run on answers other events in
 * between: the background's replies to the popup and to scans, and in Firefox the options page, which shares one
 * thread with the event page (issue 19.6, bench:list-load). Each slice runs until `sliceMs` has passed (at least
 * one item), then yields one task. Works in a service worker, an event page and Node.
 */
export const SLICE_MS = 8;

/**
 * Yields one task: a message to ourselves, not a timer, because timers in a hidden document (Firefox's event page)
 * may be throttled to one a second. MessageChannel exists in workers, pages and Node.
 */
export function yieldTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

/** `items.map(fn)`, in time slices. */
export async function mapSliced<T, U>(items: readonly T[], fn: (item: T, index: number) => U, sliceMs = SLICE_MS): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  let i = 0;
  while (i < items.length) {
    const end = performance.now() + sliceMs;
    do {
      out[i] = fn(items[i]!, i);
      i++;
    } while (i < items.length && performance.now() < end);
    if (i < items.length) await yieldTask();
  }
  return out;
}
