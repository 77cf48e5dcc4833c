/**
 * What the offscreen document does with one image URL: everything the worker's own path does up to matching
 * (scan.ts checkImage), on the same code and limits: fetch (fetch-image.ts: byte cap, time limit, no cookies;
 * the worker's Referer rule applies, as the request belongs to no tab), generation record, fingerprint cache,
 * header checks (pixels.ts: declared pixels, truncation), then a reduced-size JPEG decode (WebCodecs) or the
 * usual `createImageBitmap` one. Only the small result goes back to the worker, which matches it.
 */
import { fetchImage } from '../pixels/fetch-image.js';
import { LIMITS, limiter, SkipError } from '../pixels/limits.js';
import { checkDecodable, decodeAndFingerprint, fingerprintDrawn, thumbnail, type Decoded } from '../pixels/pixels.js';
import { HASH_INPUT_SIDE } from '../lib/match/index.js';
import { readGenRecord } from '../lib/genmeta/index.js';
import { wantsReducedDecode, type OffscreenReply } from '../lib/protocol/index.js';
import { openRegistry, type RegistryDB } from '../storage/db.js';
import { keepFingerprint, readFetched } from '../storage/fingerprint-cache.js';

let dbPromise: Promise<RegistryDB> | undefined;
function db(): Promise<RegistryDB> {
  dbPromise ??= openRegistry().catch((e: unknown) => {
    dbPromise = undefined;
    throw e;
  });
  return dbPromise;
}

/**
 * The last few reduced copies (decoding or decoded), by URL: a matched image's thumbnail is cut from its copy
 * instead of fetching and decoding it again (the worker asks right after the scan). 16 of 256x256: about 4 MB.
 */
const recent = new Map<string, Promise<Decoded>>();
const RECENT = 16;
function remember(url: string, d: Promise<Decoded>): Promise<Decoded> {
  // A failed decode is nobody's copy (and this catch keeps its rejection from being unhandled).
  d.catch(() => recent.get(url) === d && recent.delete(url));
  recent.delete(url);
  recent.set(url, d);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return d;
}

const S = HASH_INPUT_SIDE;

/**
 * A JPEG decoded at reduced size with WebCodecs `ImageDecoder`, which Chrome (156) exposes to documents but not
 * to extension service workers. `desiredWidth`/`desiredHeight` let Chromium's JPEG decoder scale while decoding
 * (1/2, 1/4 or 1/8 in the DCT domain: a 1600 px photo decodes as 200 px), where `createImageBitmap` with
 * `resizeWidth` decodes at full size first: 4.9x faster over the corpus (bench:decode). The EXIF orientation comes
 * with the frame (`rotation`, display size swapped), which `drawImage` applies, as `imageOrientation:
 * 'from-image'` does on the other path. `width`/`height`: the displayed size from the header (thumbnail shape).
 */
async function reducedDecode(bytes: Uint8Array, width: number, height: number): Promise<Decoded> {
  const decoder = new ImageDecoder({ data: bytes as BufferSource, type: 'image/jpeg', desiredWidth: S, desiredHeight: S });
  try {
    const { image } = await decoder.decode();
    try {
      return fingerprintDrawn((ctx) => ctx.drawImage(image, 0, 0, S, S), width, height);
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}

/** More images are in flight here than in the worker (LIMITS.documentConcurrency); full-size decodes are not. */
let fullDecodes = limiter(LIMITS.concurrency);

/** In one of `workers` scanning workers: this one's share of LIMITS.concurrency, so all of them keep the limit. */
export function shareFullDecodes(workers: number): void {
  fullDecodes = limiter(Math.max(1, Math.floor(LIMITS.concurrency / workers)));
}

/** `info`: the header checks' answer, when the caller has it already. */
async function decode(bytes: Uint8Array, info = checkDecodable(bytes)): Promise<Decoded> {
  const { width, height, type } = info;
  if (wantsReducedDecode(type) && typeof ImageDecoder === 'function') {
    try {
      return await reducedDecode(bytes, width, height);
    } catch {
      // A JPEG WebCodecs refuses (an unusual colour model, say): createImageBitmap decides, as in the worker.
    }
  }
  return fullDecodes(() => decodeAndFingerprint(bytes, info));
}

export async function scanUrl(url: string): Promise<OffscreenReply> {
  const { bytes, etag, lastModified } = await fetchImage(url);
  const record = await readGenRecord(bytes);
  const withRecord = record ? { record: { ...record } } : {};
  const store = await db();
  const { key, reading, sha256 } = await readFetched(store, url, bytes, { etag, lastModified });
  // A JPEG's reduced decode runs side by side with the cache read: the read costs ~20 ms under load and most images
  // of a new page miss it, while a hit wastes only a small decode (and leaves a copy for the thumbnail). Other
  // formats decode at full size: only after a miss.
  const info = checkDecodable(bytes);
  let decoding = wantsReducedDecode(info.type) ? remember(url, decode(bytes, info)) : undefined;
  const hit = await reading;
  if (hit) return { ok: true, query: { ...hit, sha256: await sha256 }, ...withRecord, cached: true };
  decoding ??= remember(url, decode(bytes, info));
  const decoded = await decoding;
  keepFingerprint(store, key, decoded.query, { etag, lastModified });
  return { ok: true, query: { ...decoded.query, sha256: await sha256 }, ...withRecord, cached: false };
}

/** A matched image's thumbnail: from its recent reduced copy, else fetched (from the HTTP cache) and decoded small. */
export async function thumbUrl(url: string): Promise<OffscreenReply> {
  const d = (await recent.get(url)?.catch(() => undefined)) ?? (await remember(url, fetchImage(url).then((f) => decode(f.bytes))));
  return { ok: true, thumb: await thumbnail(d) };
}

export function failure(e: unknown): OffscreenReply {
  return { ok: false, skip: e instanceof SkipError, reason: e instanceof Error ? e.message : String(e) };
}
