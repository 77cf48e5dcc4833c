/**
 * The list format (docs/list-format.md), validated with valibot. Lists come from strangers: every field has a type,
 * a length limit and, where it is a URL, a scheme check. Text is kept as text; nothing here is ever parsed as HTML.
 */
import * as v from 'valibot';
import { isFingerprintHex } from '../bits.js';

export const LIST_FORMAT = 'license-lens/list';
export const LIST_FORMAT_VERSION = 1;
export const MAX_LIST_BYTES = 20 * 1024 * 1024;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `at most ${max} characters`));
const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9._~-]{1,100}$/, 'ids use letters, digits and . _ ~ - (at most 100)'));
const httpUrl = v.pipe(
  v.string(),
  v.maxLength(2000),
  v.check((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http(s) URL'),
);
const contact = v.pipe(text(300));
const isoDate = v.pipe(v.string(), v.check((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 date'));

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
  added: v.optional(isoDate),
});

export const ListSchema = v.pipe(
  v.object({
    format: v.literal(LIST_FORMAT),
    formatVersion: v.literal(LIST_FORMAT_VERSION),
    id,
    name: text(200),
    version: v.pipe(v.number(), v.integer(), v.minValue(0)),
    updated: isoDate,
    publisher: v.object({
      name: text(200),
      homepage: v.optional(httpUrl),
      contact: v.optional(contact),
      publicKey: v.optional(v.pipe(v.string(), v.maxLength(200))),
    }),
    models: v.pipe(v.array(ModelSchema), v.maxLength(10_000)),
    works: v.pipe(v.array(WorkSchema), v.maxLength(1_000_000)),
  }),
  v.check((l) => {
    const ids = new Set(l.models.map((m) => m.id));
    return l.works.every((w) => ids.has(w.model));
  }, 'every work must name a model defined in the list'),
);

export type LicenseList = v.InferOutput<typeof ListSchema>;

export type ParseResult = { ok: true; list: LicenseList } | { ok: false; error: string };

/** Parse and validate list text. Errors name the field ("works.3.fingerprints.0: ...") so a publisher can fix them. */
export function parseList(textBody: string): ParseResult {
  if (textBody.length > MAX_LIST_BYTES) return { ok: false, error: `list is larger than ${MAX_LIST_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(textBody);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  const r = v.safeParse(ListSchema, json);
  if (r.success) return { ok: true, list: r.output };
  const first = r.issues.slice(0, 3).map((i) => {
    const path = v.getDotPath(i);
    // valibot's messages quote the received value: a hostile list must not get a megabyte echoed into the UI.
    const message = i.message.length > 300 ? `${i.message.slice(0, 300)}…` : i.message;
    return path ? `${path}: ${message}` : message;
  });
  return { ok: false, error: `invalid list: ${first.join('; ')}${r.issues.length > 3 ? ` (+${r.issues.length - 3} more)` : ''}` };
}
