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

/**
 * The floor under any pipeline that must see pixels: fetch, then the browser's cheapest decode to `side` x `side`
 * (JPEGs scaled while decoding by WebCodecs where the browser has it, as the extension's Chrome pipeline does;
 * createImageBitmap otherwise) and the pixels read back, `limit` at once. No hashing, no matching.
 */
export async function fetchDecodeFloor(list: string[], limit: number, side: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const ctx = new OffscreenCanvas(side, side).getContext('2d', { willReadFrequently: true })!;
  const worker = async () => {
    while (next < list.length) {
      const blob = await (await fetch(list[next++]!)).blob();
      if (blob.type === 'image/jpeg' && typeof ImageDecoder === 'function') {
        const decoder = new ImageDecoder({ data: blob.stream(), type: blob.type, desiredWidth: side, desiredHeight: side });
        const { image } = await decoder.decode();
        ctx.drawImage(image, 0, 0, side, side);
        image.close();
        decoder.close();
      } else {
        const bitmap = await createImageBitmap(blob, { resizeWidth: side, resizeHeight: side, resizeQuality: 'high', imageOrientation: 'from-image' });
        ctx.drawImage(bitmap, 0, 0);
        bitmap.close();
      }
      ctx.getImageData(0, 0, side, side);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return performance.now() - t0;
}
