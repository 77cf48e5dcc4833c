/**
 * The protocol between the Chrome service worker and its offscreen scanning document (src/offscreen/). The worker
 * sends an image URL (never its bytes: carrying a 100-900 kB file through a JSON runtime message cost all that the
 * faster decode gained, docs/benchmarks.md); the document fetches, reads, decodes and fingerprints it and answers
 * with the small result: the matcher query, the generation record, whether it came from the fingerprint cache.
 * Pure, so Node tests check both ends' validation.
 */
import * as v from 'valibot';
import type { Query } from '../match/hash/query.js';
import type { GenRecord } from '../types.js';

export const OFFSCREEN_TARGET = 'offscreen/scan';

/** 'scan': fingerprint the image at `url`. 'thumb': a small JPEG of it for the popup (a matched image only). */
export type OffscreenRequest = { target: typeof OFFSCREEN_TARGET; op: 'scan' | 'thumb'; url: string };

const requestSchema = v.object({
  target: v.literal(OFFSCREEN_TARGET),
  op: v.picklist(['scan', 'thumb']),
  url: v.pipe(v.string(), v.maxLength(100_000), v.regex(/^https?:/i)),
});

const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const base64url = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,400}$/));
/** A cell of the detail box's grid (hash/detail-box.ts BOX_GRID = 128). */
const cell = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(128));
const share = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
/** A natural size in pixels: "resized" hints and the rotation framings' aspect come from it. */
const side = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000));
const querySchema = v.object({
  fingerprint: hex64,
  quality: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  trimmed: v.optional(hex64),
  detail: v.optional(base64url),
  chroma: v.optional(base64url),
  trimmedDetail: v.optional(base64url),
  boxed: v.optional(hex64),
  boxedDetail: v.optional(base64url),
  box: v.optional(v.tuple([cell, cell, cell, cell])),
  // The 32x32 luminance (1,024 bytes) of hash/boxed-query.ts.
  wide: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1366}$/))),
  trimmedBox: v.optional(v.tuple([share, share, share, share])),
  size: v.optional(v.object({ width: side, height: side })),
  // The turned hash probes of a flat-corner image and the fit probes (match/detail/rotate/turned-hash.ts): one per turn tried.
  turned: v.optional(v.pipe(v.array(hex64), v.maxLength(2))),
  fit: v.optional(v.pipe(v.array(hex64), v.maxLength(2))),
  // SHA-256 of the bytes the document fetched: the same hex form as a fingerprint.
  sha256: v.optional(hex64),
});
const replySchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    query: v.optional(querySchema),
    // The record is built by the extension's own parser (lib/genmeta) in the document: checked for shape only.
    record: v.optional(v.looseObject({})),
    cached: v.optional(v.boolean()),
    thumb: v.optional(v.pipe(v.string(), v.startsWith('data:image/jpeg;base64,'), v.maxLength(200_000))),
  }),
  // skip: an expected refusal (HTTP 404, too large, not an image) reported as the image's verdict; otherwise the
  // document failed and the worker scans the image itself.
  v.object({ ok: v.literal(false), skip: v.boolean(), reason: v.pipe(v.string(), v.maxLength(2000)) }),
]);
export type OffscreenReply = v.InferOutput<typeof replySchema>;

export function isOffscreenRequest(m: unknown): m is OffscreenRequest {
  return v.is(requestSchema, m);
}

export type ScanOutcome =
  | { kind: 'scanned'; query: Query; record?: GenRecord; cached: boolean }
  | { kind: 'thumb'; thumb: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string };

/** What a reply says; a reply of any other shape (or none) is a failure, so the worker scans the image itself. */
export function readReply(m: unknown): ScanOutcome {
  const r = v.safeParse(replySchema, m);
  if (!r.success) return { kind: 'failed', reason: 'malformed reply from the offscreen document' };
  const o = r.output;
  if (!o.ok) return { kind: o.skip ? 'skipped' : 'failed', reason: o.reason };
  if (o.thumb) return { kind: 'thumb', thumb: o.thumb };
  if (!o.query) return { kind: 'failed', reason: 'reply without a fingerprint' };
  const query: Query = { fingerprint: o.query.fingerprint, quality: o.query.quality };
  for (const k of ['trimmed', 'detail', 'trimmedDetail', 'chroma'] as const) if (o.query[k]) query[k] = o.query[k];
  const { boxed, boxedDetail, box, wide } = o.query;
  if (boxed && boxedDetail && box) Object.assign(query, { boxed, boxedDetail, box }, wide ? { wide } : {});
  if (o.query.trimmedBox) query.trimmedBox = o.query.trimmedBox;
  if (o.query.size) query.size = { width: o.query.size.width, height: o.query.size.height };
  if (o.query.turned?.length) query.turned = [...o.query.turned];
  if (o.query.fit?.length) query.fit = [...o.query.fit];
  if (o.query.sha256) query.sha256 = o.query.sha256;
  return { kind: 'scanned', query, cached: o.cached ?? false, ...(o.record ? { record: o.record as unknown as GenRecord } : {}) };
}

/**
 * Only a JPEG is decoded with WebCodecs `ImageDecoder` at reduced size: Chromium's JPEG decoder scales by 1/2,
 * 1/4 or 1/8 while decoding (in the DCT domain), so a 1600 px photo costs a 200 px decode. Other formats decode
 * at full size either way, and go through the same `createImageBitmap` path as in the worker.
 */
export function wantsReducedDecode(type: string): boolean {
  return type === 'jpg';
}

/** Messages to the document come from this extension's own contexts only (the worker), never a content script. */
export function fromOwnExtension(sender: { id?: string; url?: string; tab?: unknown }, ownId: string, ownBase: string): boolean {
  return sender.id === ownId && !sender.tab && typeof sender.url === 'string' && sender.url.startsWith(ownBase);
}
