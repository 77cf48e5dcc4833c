/**
 * The list format (docs/list-format.md), validated with valibot. Lists come from strangers: every field has a type,
 * a length limit and, where it is a URL, a scheme check. Text is kept as text; nothing here is ever parsed as HTML.
 * A list is usable only once its signature is verified too (sign.ts); this file checks the shape.
 */
import { DETAIL_BYTES } from '../match/detail/detail-verify.js';
import { CHROMA_BYTES } from '../match/detail/chroma-thumb.js';
import * as v from 'valibot';
import { isFingerprintHex } from '../match/hash/bits.js';
import { mapSliced } from '../time-slice.js';
import { ReportChannelSchema } from './report-channel.js';

export const LIST_FORMAT = 'license-lens/list';
export const LIST_FORMAT_VERSION = 1;
/**
 * The one size rule of a list: its text is at most MAX_LIST_BYTES of UTF-8, however it arrives (download: fetch.ts
 * stops reading there; a file or pasted text: parseList). Publishers are refused before signing a list over it
 * (text.ts). How many works fit follows from the bytes each takes (docs/list-format.md, "Size").
 */
export const MAX_LIST_BYTES = 20 * 1024 * 1024;
export const MAX_MODELS = 10_000;
/** The smallest a work can be in list text, `{"id":"a","model":"a","fingerprints":["<64 hex>"]},`. */
export const MIN_WORK_BYTES = 107;
/** Implied by the byte rule, not a second rule: no list within MAX_LIST_BYTES holds more works than this (195,995). */
export const MAX_WORKS = Math.floor(MAX_LIST_BYTES / MIN_WORK_BYTES);

/** UTF-8 length of a string, without encoding it (a lone surrogate counts 3 bytes, as TextEncoder writes U+FFFD). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a surrogate pair: 2 code units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `at most ${max} characters`));
const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._~-]{1,100}$/, 'ids use letters, digits and . _ ~ - (at most 100)'));
const httpUrl = v.pipe(
  v.string(),
  v.maxLength(2000),
  v.check((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http(s) URL'),
);
const contact = v.pipe(text(300));
const base64url = (bytes: number, message: string) =>
  v.pipe(v.string(message), v.regex(/^[A-Za-z0-9_-]+$/, message), v.length(Math.ceil((bytes * 4) / 3), message));
const pixels = v.pipe(v.number(), v.safeInteger('a pixel size is a whole number'), v.minValue(1), v.maxValue(1_000_000));
const isoDate = v.pipe(v.string(), v.check((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 date'));

/** An image's size in pixels, as lists carry it and the user's own works store it (a copy at another size is "resized"). */
export const PixelSizeSchema = v.object({ width: pixels, height: pixels });
/** The 8x8 chroma grid of chroma-thumb.ts in base64url, as lists carry it and the user's own works store it. */
export const ChromaSchema = base64url(CHROMA_BYTES, `chroma is a ${CHROMA_BYTES}-byte chroma grid in base64url`);

/** A file's SHA-256 as lowercase hex, as lists carry it for the registered file and the user's own works store it. */
export const FileSha256Schema = v.pipe(v.string('sha256 is a SHA-256 in hex'), v.regex(/^[0-9a-f]{64}$/, "sha256 is the registered file's SHA-256 as 64 lowercase hex characters"));

/** A publisher's key as lists carry it (and the stores keep it: creators, subscriptions). */
export const PublicKeySchema = base64url(32, 'publicKey is the raw 32-byte Ed25519 public key in base64url');
export const HttpUrlSchema = httpUrl;

export const LicenseTermsSchema = v.object({
  personalUse: v.boolean(),
  commercialUse: v.picklist(['allowed', 'license-required', 'forbidden']),
  price: v.optional(text(200)),
  attributionRequired: v.boolean(),
  derivativesAllowed: v.boolean(),
  licenseUrl: v.optional(httpUrl),
  contact: v.optional(contact),
  summary: v.optional(text(500)),
});

export const LicenseeSchema = v.object({
  name: text(200),
  sites: v.pipe(v.array(text(253)), v.maxLength(100)),
  expires: v.optional(isoDate),
});

export const ModelSchema = v.object({
  id,
  name: text(200),
  version: v.optional(text(50)),
  baseModel: v.optional(text(100)),
  hashes: v.optional(
    v.object({
      sha256: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{64}$/, 'sha256 is 64 hex characters'))),
      autov2: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{10}$/, 'autov2 is 10 hex characters'))),
    }),
  ),
  license: LicenseTermsSchema,
  licensees: v.optional(v.pipe(v.array(LicenseeSchema), v.maxLength(10_000)), []),
  /** Optional (report-channel.ts): where to report a flagged copy of this model's works; the publisher's otherwise. */
  report: v.optional(ReportChannelSchema),
});

export const WorkSchema = v.object({
  id,
  model: id,
  title: v.optional(text(200)),
  fingerprints: v.pipe(
    v.array(v.pipe(v.string(), v.check((s: string) => isFingerprintHex(s), 'fingerprints are 64 lowercase hex characters'))),
    v.minLength(1),
    v.maxLength(64),
  ),
  /** Optional (lists made before it still work): the 32x32 luminance thumbnail of detail.ts, 1,024 bytes. */
  detail: v.optional(base64url(DETAIL_BYTES, `detail is a ${DETAIL_BYTES}-byte luminance thumbnail in base64url`)),
  /** Optional: the registered image's size in pixels; a copy at another size is then called "resized". */
  size: v.optional(PixelSizeSchema),
  /** Optional: the 8x8 chroma grid of chroma-thumb.ts, 128 bytes; saturation and hue changes are then named. */
  chroma: v.optional(ChromaSchema),
  /** Optional: SHA-256 of the registered file's bytes; a page image with the same bytes is "identical to the registered file". */
  sha256: v.optional(FileSha256Schema),
  added: v.optional(isoDate),
});

export const SignatureSchema = v.object({
  alg: v.literal('Ed25519', 'signature.alg must be "Ed25519"'),
  value: base64url(64, 'signature.value is a 64-byte Ed25519 signature in base64url'),
});

const listEntries = {
  format: v.literal(LIST_FORMAT, `format must be "${LIST_FORMAT}"`),
  formatVersion: v.literal(LIST_FORMAT_VERSION, `formatVersion ${LIST_FORMAT_VERSION} is the only version this License Lens reads`),
  id,
  name: text(200),
  version: v.pipe(v.number(), v.safeInteger('version is a whole number'), v.minValue(0)),
  updated: isoDate,
  publisher: v.object({
    name: text(200),
    homepage: v.optional(httpUrl),
    contact: v.optional(contact),
    report: v.optional(ReportChannelSchema),
    publicKey: PublicKeySchema,
  }),
  models: v.pipe(v.array(ModelSchema), v.maxLength(MAX_MODELS, `at most ${MAX_MODELS} models`)),
  works: v.pipe(v.array(WorkSchema), v.maxLength(MAX_WORKS, `at most ${MAX_WORKS} works`)),
};

const WORKS_NAME_MODELS = 'every work must name a model defined in the list';
function worksNameModels<T extends { models: Array<{ id: string }>; works: Array<{ model: string }> }>() {
  return v.check<T, typeof WORKS_NAME_MODELS>((l) => {
    const ids = new Set(l.models.map((m) => m.id));
    return l.works.every((w) => ids.has(w.model));
  }, WORKS_NAME_MODELS);
}
const unsignedObject = v.object(listEntries);
const signedObject = v.object({ ...listEntries, signature: SignatureSchema });

/** A list as the publisher writes it, before signing (the CLI and the options page build these). */
export const UnsignedListSchema = v.pipe(unsignedObject, worksNameModels<v.InferOutput<typeof unsignedObject>>());

/** A published list: the same, with its detached signature. */
export const ListSchema = v.pipe(signedObject, worksNameModels<v.InferOutput<typeof signedObject>>());

export type UnsignedList = v.InferInput<typeof UnsignedListSchema>;
/** What a publisher fills in: signing adds `publisher.publicKey` and `signature`. */
export type ListDraft = Omit<UnsignedList, 'publisher'> & { publisher: Omit<UnsignedList['publisher'], 'publicKey'> };
export type LicenseList = v.InferOutput<typeof ListSchema>;

export type ParseResult = { ok: true; list: LicenseList; json: unknown } | { ok: false; error: string };

/**
 * Parse and validate list text (shape only; verifyList in sign.ts also checks the signature). Errors name the
 * field ("works.3.fingerprints.0: ...") so a publisher can fix them. `json` is the document as received, which is
 * what the signature covers.
 */
export function parseList(textBody: string): ParseResult {
  const parsed = parseJson(textBody);
  if (!parsed.ok) return parsed;
  const { json } = parsed;
  const r = v.safeParse(ListSchema, json);
  if (r.success) return { ok: true, list: r.output, json };
  return { ok: false, error: `invalid list: ${describeIssues(r.issues)}` };
}

/** The size rule, then JSON: the first steps of both parsers. */
function parseJson(textBody: string): { ok: true; json: unknown } | { ok: false; error: string } {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap length test goes first.
  if (textBody.length > MAX_LIST_BYTES || utf8Length(textBody) > MAX_LIST_BYTES) {
    return { ok: false, error: `list is larger than ${MAX_LIST_BYTES} bytes of UTF-8` };
  }
  try {
    return { ok: true, json: JSON.parse(textBody) };
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
}

/** The first three issues as "path: message", for a person to read. */
export function describeIssues(issues: ReadonlyArray<v.BaseIssue<unknown>>): string {
  return joinIssues(issues.slice(0, 3).map((i) => issueText(i)), issues.length);
}

function issueText(i: v.BaseIssue<unknown>, prefix = ''): string {
  const path = `${prefix}${v.getDotPath(i) ?? ''}`.replace(/\.$/, '');
  // valibot's messages quote the received value: a hostile list must not get a megabyte echoed into the UI.
  const message = i.message.length > 300 ? `${i.message.slice(0, 300)}…` : i.message;
  return path ? `${path}: ${message}` : message;
}

function joinIssues(first: string[], total: number): string {
  return `${first.join('; ')}${total > 3 ? ` (+${total - 3} more)` : ''}`;
}

/** The list without its works' contents: checked in one go, the works one by one in time slices. */
const ListHeadSchema = v.object({ ...listEntries, works: v.pipe(v.array(v.unknown()), v.maxLength(MAX_WORKS, `at most ${MAX_WORKS} works`)), signature: SignatureSchema });
type Work = v.InferOutput<typeof WorkSchema>;

/**
 * parseList for large lists (issue 19.6): the same checks and the same result, but the works are validated in
 * time slices (lib/time-slice.ts), so the background answers other events meanwhile instead of stalling for
 * seconds on a 180,000-work list. Only the parse itself (JSON.parse) is one step.
 */
export async function parseListSliced(textBody: string): Promise<ParseResult> {
  const parsed = parseJson(textBody);
  if (!parsed.ok) return parsed;
  const { json } = parsed;
  const head = v.safeParse(ListHeadSchema, json);
  if (!head.success) return { ok: false, error: `invalid list: ${describeIssues(head.issues)}` };
  const problems: string[] = [];
  let total = 0;
  const works = await mapSliced(head.output.works, (w, i) => {
    const r = v.safeParse(WorkSchema, w);
    if (r.success) return r.output;
    total += r.issues.length;
    for (const issue of r.issues) if (problems.length < 3) problems.push(issueText(issue, `works.${i}.`));
    return undefined as unknown as Work;
  });
  if (total) return { ok: false, error: `invalid list: ${joinIssues(problems, total)}` };
  const ids = new Set(head.output.models.map((m) => m.id));
  if (!works.every((w) => ids.has(w.model))) return { ok: false, error: `invalid list: ${WORKS_NAME_MODELS}` };
  return { ok: true, list: { ...head.output, works } as LicenseList, json };
}
