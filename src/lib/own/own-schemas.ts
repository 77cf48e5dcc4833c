/**
 * Request schemas for the user's own registry ('own/...' messages). The options page is trusted code, but the
 * background still checks every field's type and size: a bug or a tampered page must not store garbage that a
 * signed list would later carry to strangers.
 */
import { DETAIL_BYTES } from '../match/detail/detail-verify.js';
import * as v from 'valibot';
import { isFingerprintHex } from '../match/hash/bits.js';
import { ChromaSchema, FileSha256Schema, PixelSizeSchema } from '../list/index.js';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `at most ${max} characters`));
const optText = (max: number) => v.optional(text(max));
const httpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2000),
  v.check((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http(s) URL'),
);
const isoDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD'), v.check((s) => Number.isFinite(Date.parse(s)), 'not a date'));
export const ownId = v.pipe(v.string(), v.regex(/^own\/[A-Za-z0-9._~-]{1,100}$/, "not one of the user's own ids"));

export const ProfileSchema = v.object({
  name: v.pipe(text(200), v.minLength(1, 'a display name is required')),
  homepage: v.optional(httpUrl),
  contact: optText(300),
});

export const LicenseTermsInput = v.object({
  personalUse: v.boolean(),
  commercialUse: v.picklist(['allowed', 'license-required', 'forbidden']),
  price: optText(200),
  attributionRequired: v.boolean(),
  derivativesAllowed: v.boolean(),
  licenseUrl: v.optional(httpUrl),
  contact: optText(300),
  summary: optText(500),
});

export const LicenseeInput = v.object({
  name: v.pipe(text(200), v.minLength(1, 'a licensee needs a name')),
  sites: v.pipe(v.array(v.pipe(text(253), v.minLength(1))), v.minLength(1, 'a licensee needs at least one site'), v.maxLength(100)),
  expires: v.optional(isoDate),
});

export const ModelInput = v.object({
  /** Absent for a new model. */
  id: v.optional(ownId),
  name: v.pipe(text(200), v.minLength(1, 'a model needs a name')),
  version: optText(50),
  baseModel: optText(100),
  hashes: v.optional(
    v.object({
      sha256: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'SHA-256 is 64 lowercase hex characters'))),
      autov2: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{10}$/, 'AutoV2 is 10 lowercase hex characters'))),
    }),
  ),
  license: LicenseTermsInput,
  licensees: v.pipe(v.array(LicenseeInput), v.maxLength(10_000)),
});

/** A thumbnail is a small data: URL made by the options page (96 px JPEG or WebP, a few kB). */
export const MAX_THUMB_CHARS = 40_000;
export const ThumbSchema = v.pipe(v.string(), v.regex(/^data:image\/(jpeg|webp|png);base64,/, 'thumbnails are data: URLs'), v.maxLength(MAX_THUMB_CHARS));
const thumb = ThumbSchema;

export const NewWork = v.object({
  modelId: ownId,
  title: optText(200),
  fingerprints: v.pipe(
    v.array(v.pipe(v.string(), v.check((s: string) => isFingerprintHex(s), 'fingerprints are 64 lowercase hex characters'))),
    v.minLength(1),
    v.maxLength(64),
  ),
  thumb: v.optional(thumb),
  /** The detail thumbnail from workFingerprints (detail.ts), base64url of 1,024 bytes. */
  detail: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/, 'detail is base64url'), v.length(Math.ceil((DETAIL_BYTES * 4) / 3), `detail encodes ${DETAIL_BYTES} bytes`))),
  /** The image's size in pixels (lists carry it: a copy at another size is "resized"). */
  size: v.optional(PixelSizeSchema),
  /** The chroma grid from workFingerprints (chroma-thumb.ts), base64url of 128 bytes. */
  chroma: v.optional(ChromaSchema),
  /** SHA-256 of the registered file's bytes (lists carry it: the same bytes on a page are that file). */
  sha256: v.optional(FileSha256Schema),
});
export const MAX_WORKS_PER_ADD = 100;

export type ProfileInput = v.InferOutput<typeof ProfileSchema>;
export type ModelInputT = v.InferOutput<typeof ModelInput>;
export type NewWorkT = v.InferOutput<typeof NewWork>;

export const OWN_MESSAGES = {
  'own/profile/get': { access: 'extension', request: v.object({}) },
  'own/profile/set': { access: 'extension', request: ProfileSchema },
  'own/models/list': { access: 'extension', request: v.object({}) },
  'own/model/save': { access: 'extension', request: ModelInput },
  'own/model/delete': { access: 'extension', request: v.object({ id: ownId }) },
  'own/works/add': { access: 'extension', request: v.object({ works: v.pipe(v.array(NewWork), v.minLength(1), v.maxLength(MAX_WORKS_PER_ADD)) }) },
  'own/work/update': {
    access: 'extension',
    request: v.object({ id: ownId, title: v.optional(text(200)), modelId: v.optional(ownId) }),
  },
  'own/work/delete': { access: 'extension', request: v.object({ id: ownId }) },
  'own/works/list': {
    access: 'extension',
    request: v.object({
      offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
      limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)),
      modelId: v.optional(ownId),
    }),
  },
} as const;
