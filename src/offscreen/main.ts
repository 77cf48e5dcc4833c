/**
 * Chrome's offscreen document (created by background/offscreen.ts): decodes a JPEG at reduced size with WebCodecs
 * `ImageDecoder`, which Chrome (156) exposes to documents but not to the extension service worker, and returns
 * the image's query. `desiredWidth`/`desiredHeight` let Chromium's JPEG decoder scale while decoding (1/8 of a
 * 1600 px photo decodes as 200 px), where `createImageBitmap` with `resizeWidth` decodes at full size first. EXIF
 * orientation comes as the frame's `rotation`/`flip`, which `drawImage` applies. The background has already
 * checked the bytes (size cap, declared pixels, truncation) before sending them.
 */
import browser from '../browser.js';
import { HASH_INPUT_SIDE } from '../lib/fingerprint.js';
import { fromBase64, isDecodeRequest, type DecodeReply } from '../lib/offscreen-decode.js';
import { queryOf, type Query } from '../lib/query.js';

const S = HASH_INPUT_SIDE;

async function reducedQuery(bytes: Uint8Array): Promise<Query> {
  const decoder = new ImageDecoder({ data: bytes as BufferSource, type: 'image/jpeg', desiredWidth: S, desiredHeight: S, colorSpaceConversion: 'default' });
  try {
    const { image } = await decoder.decode();
    const canvas = new OffscreenCanvas(S, S);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, S, S);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, 0, 0, S, S);
    image.close();
    return queryOf({ width: S, height: S, data: ctx.getImageData(0, 0, S, S).data });
  } finally {
    decoder.close();
  }
}

browser.runtime.onMessage.addListener((message: unknown) => {
  if (!isDecodeRequest(message)) return undefined; // not for this document
  return reducedQuery(fromBase64(message.data)).then(
    (query): DecodeReply => ({ ok: true, query }),
    (e: unknown): DecodeReply => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
