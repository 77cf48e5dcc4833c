/**
 * The protocol between the background and Chrome's offscreen decoding document (src/offscreen/): the background
 * sends an image's bytes (base64: Chrome's runtime messages are JSON), the document answers with the image's
 * query (query.ts) computed from a reduced-size decode. Pure, so Node tests check both ends' validation.
 */
import * as v from 'valibot';
import type { Query } from './query.js';

export const OFFSCREEN_TARGET = 'offscreen/decode';

export interface DecodeRequest {
  target: typeof OFFSCREEN_TARGET;
  /** The image file, base64. */
  data: string;
}

const requestSchema = v.object({ target: v.literal(OFFSCREEN_TARGET), data: v.pipe(v.string(), v.maxLength(40_000_000)) });
const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const replySchema = v.variant('ok', [
  v.object({ ok: v.literal(true), query: v.object({ fingerprint: hex64, quality: v.pipe(v.number(), v.minValue(0), v.maxValue(100)), trimmed: v.optional(hex64) }) }),
  v.object({ ok: v.literal(false), error: v.string() }),
]);
export type DecodeReply = v.InferOutput<typeof replySchema>;

export function isDecodeRequest(m: unknown): m is DecodeRequest {
  return v.is(requestSchema, m);
}

/** The query from a reply; throws with the document's reason, or when the reply is not of this shape. */
export function queryFromReply(m: unknown): Query {
  const r = v.safeParse(replySchema, m);
  if (!r.success) throw new Error('malformed reply from the offscreen document');
  if (!r.output.ok) throw new Error(r.output.error);
  const { fingerprint, quality, trimmed } = r.output.query;
  return trimmed ? { fingerprint, quality, trimmed } : { fingerprint, quality };
}

/**
 * Only JPEG goes to the reduced decode: Chromium's JPEG decoder scales by 1/2, 1/4 or 1/8 while decoding (in the
 * DCT domain), so a 1600 px photo costs a 200 px decode; other formats decode at full size either way.
 */
export function wantsReducedDecode(type: string): boolean {
  return type === 'jpg';
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
