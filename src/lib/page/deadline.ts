/**
 * A wait with an end: every wait on a page scan's path (the content script's reply, an image's check, the offscreen
 * document's opening) gets one, so no await that never returns can stop a scan silently (docs/page-scan.md).
 */

/** `work`'s outcome, or else `late()`'s (its value, or what it throws) once `ms` passed. */
export function withDeadline<T>(work: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(late());
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }, ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
