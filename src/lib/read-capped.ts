/**
 * Reading a byte stream with a cap, checked while reading: an image response, a list download and a zlib stream
 * inside a PNG can all be endless or far larger than declared (a decompression bomb), and must be cut off as soon
 * as they pass their limit rather than buffered first. The one loop for all three (fetch-image.ts, list/fetch.ts,
 * genmeta/bytes.ts had each written it out).
 */

/** The parts joined into one array (stream chunks, reassembled boxes). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/**
 * The stream's bytes, or undefined once more than `max` bytes came (the stream is then cancelled, which also
 * stops a fetch's download). A read error cancels the stream and is thrown.
 */
export async function readCapped(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return concatBytes(parts);
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      parts.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
}
