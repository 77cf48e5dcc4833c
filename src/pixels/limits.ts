/**
 * Limits on what the background spends on one page image. Each refusal is a SkipError whose message is the
 * logged and reported reason ("larger than 25 MB", "declares 30000x30000 pixels, over the decoding limit").
 */
export const LIMITS = {
  /** Bytes read per image; the read stops (and the request is aborted) as soon as it passes this. */
  maxBytes: 25 * 1024 * 1024,
  /** Declared pixel count above which an image is not decoded (a 30000x30000 PNG bomb stops here). */
  maxPixels: 100_000_000,
  /** Whole fetch, headers to last byte: a server that never finishes is given up on. */
  fetchTimeoutMs: 15_000,
  /** Images fetched and decoded at full size at once across all tabs: hides latency, bounds memory. */
  concurrency: 6,
  /**
   * Images in Chrome's offscreen document at once (background/scan/offscreen.ts). A JPEG there decodes at 1/8 to 1/2
   * scale, so the fetch's latency is most of each image's time and more in flight pays (bench:page part 1 went
   * from ~4.4 s to ~3.0 s with 12 in one profile); full-size decodes there stay at `concurrency`.
   */
  documentConcurrency: 12,
  /** Both sides under this (natural size): an icon or tracker, not an image anyone would call one. */
  minSide: 64,
  thumbSide: 96,
};

/** An expected reason not to fingerprint an image: reported as "skipped", not as an error. */
export class SkipError extends Error {}

/** Runs at most `limit` tasks at once, in the order they asked. */
export function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
