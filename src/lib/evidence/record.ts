/**
 * The evidence record (issue 22.5): what a subscriber hands a creator about one flagged image, as one JSON file
 * (plus, when saved, a PNG of the page image with the changed region outlined). It says where the image was seen,
 * what the extension concluded, and which signed list and work it concluded it from, so the creator can check it
 * against their own list (`license-lens evidence verify`). `digest` is SHA-256 over the RFC 8785 encoding of
 * everything else: a report edited after saving no longer verifies. It is not a signature (anyone can recompute
 * it); what makes the evidence checkable is the signed list it names and, with --fetch, the image itself.
 */
import canonicalize from 'canonicalize';
import * as v from 'valibot';
import { sha256Hex } from '../sha256.js';

export const EVIDENCE_FORMAT = 'license-lens/evidence';
export const EVIDENCE_FORMAT_VERSION = 1;

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters'));

/** A box in the page image's own pixels (its natural size), as the hints give redrawn regions and marks. */
export const BoxSchema = v.object({ x: count, y: count, width: count, height: count });
export type Box = v.InferOutput<typeof BoxSchema>;

const bodyEntries = {
  format: v.literal(EVIDENCE_FORMAT),
  formatVersion: v.literal(EVIDENCE_FORMAT_VERSION),
  created: v.pipe(v.string(), v.isoTimestamp()),
  extensionVersion: str(50),
  pageUrl: str(8000),
  image: v.object({
    url: str(8000),
    fingerprint: v.optional(hex64),
    width: v.optional(count),
    height: v.optional(count),
    /** The saved PNG next to the JSON: its file name and SHA-256 (hex). */
    png: v.optional(v.object({ file: str(200), sha256: hex64 })),
  }),
  verdict: v.picklist(['unlicensed', 'licensed', 'free', 'free-credit', 'unknown']),
  /** Percent, as the popup shows it: from the comparison that decided the match (`decidedBy`); `distance`: fingerprint bits apart. */
  similarity: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  decidedBy: v.optional(v.picklist(['detail', 'hash'])),
  distance: count,
  /** What was changed, as hint kinds ("mirrored", "redrawn", ...), and the redrawn regions (page-image pixels, `image.width` x `image.height`). */
  changes: v.pipe(v.array(str(40)), v.maxLength(20)),
  regions: v.pipe(v.array(BoxSchema), v.maxLength(20)),
  /**
   * Where a mark or text was added (the "marked" change: a watermark line, a corner logo), same pixels. Optional,
   * added in format version 1: absent when there is none, so a report saved before it is byte for byte what it was.
   */
  marks: v.optional(v.pipe(v.array(BoxSchema), v.maxLength(20))),
  /**
   * The page image's bytes were the registered file's (both SHA-256 known and equal: "identical to the registered
   * file"). Optional, added in format version 1 like `marks`: absent otherwise.
   */
  identical: v.optional(v.literal(true)),
  /** `sha256`: the registered file's, when the list carries it (optional, added in format version 1). */
  work: v.object({ id: str(100), model: str(100), modelName: str(200), title: v.optional(str(200)), fingerprints: v.pipe(v.array(hex64), v.maxLength(64)), sha256: v.optional(hex64) }),
  list: v.object({ id: str(100), name: str(200), edition: count, publisher: str(200), keyFingerprint: str(60) }),
};
export const EvidenceBodySchema = v.object(bodyEntries);
export const EvidenceSchema = v.object({ ...bodyEntries, digest: v.object({ alg: v.literal('SHA-256'), value: hex64 }) });

export type EvidenceBody = v.InferOutput<typeof EvidenceBodySchema>;
export type Evidence = v.InferOutput<typeof EvidenceSchema>;

export { sha256Hex };

/** The digest of a record's body (every member but `digest`). */
export function evidenceDigest(record: Record<string, unknown>): Promise<string> {
  const body = { ...record };
  delete body.digest;
  const text = canonicalize(body);
  if (text === undefined) throw new Error('the report cannot be encoded');
  return sha256Hex(new TextEncoder().encode(text));
}

/** Checks the body's shape and seals it with its digest. Throws on a body that would not verify. */
export async function buildEvidence(body: EvidenceBody): Promise<Evidence> {
  const r = v.safeParse(EvidenceBodySchema, body);
  if (!r.success) throw new Error(`evidence: ${r.issues[0]?.message ?? 'invalid'} at ${v.getDotPath(r.issues[0]!) ?? ''}`);
  const clean = JSON.parse(JSON.stringify(r.output)) as EvidenceBody; // drop undefined members, as the saved JSON will
  return { ...clean, digest: { alg: 'SHA-256', value: await evidenceDigest(clean) } };
}

/** The saved file's text and name ("license-lens-report-<time>.json"; the PNG takes the same stem). */
export function evidenceFileStem(e: Pick<EvidenceBody, 'created'>): string {
  return `license-lens-report-${e.created.replace(/[:.]/g, '-')}`;
}
