/**
 * bench:page's naive pipeline, run inside a page (Chromium's and Firefox's alike): fetch, decode at full resolution
 * into a canvas composited on white, bmvbhash of every pixel, `limit` images at once. The page must carry
 * blockhash-core as `window.__blockhash` (and a no-op `window.__name`: tsx keeps function names by wrapping named
 * inner functions in it). Returns the wall time and each URL's hash.
 */
export async function naiveHashes(list: string[], limit: number): Promise<{ ms: number; out: Record<string, string> }> {
  const bh = (window as unknown as { __blockhash: { bmvbhash(d: ImageData, bits: number): string } }).__blockhash;
  const out: Record<string, string> = {};
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const url = list[next++]!;
      const bitmap = await createImageBitmap(await (await fetch(url)).blob());
      const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, bitmap.width, bitmap.height);
      ctx.drawImage(bitmap, 0, 0);
      out[url] = bh.bmvbhash(ctx.getImageData(0, 0, bitmap.width, bitmap.height), 16);
      bitmap.close();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return { ms: performance.now() - t0, out };
}

/** The page script that gives a page what naiveHashes needs. */
export const naivePageScript = (blockhashSource: string) => `window.__name = (f) => f; (function (exports) {${blockhashSource}\n})(window.__blockhash = {});`;
