/**
 * `Promise.all(items.map(fn))` with at most `limit` calls pending at once, results in the items' order. The folder
 * audit walks its images through it: starting all at once put every file's stat ahead of the decodes on libuv's
 * shared thread pool and kept every image's pending state alive long enough to reach V8's old generation.
 */
export async function boundedMap<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    // A failure stops every lane from starting another item, as Promise.all's caller sees the first rejection.
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}
