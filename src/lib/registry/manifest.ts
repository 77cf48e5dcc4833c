/**
 * The registry manifest (docs/registry.md): the one file that changes per edition. It names every publisher, the
 * key-plan parameters and the content hashes of the summary, the bucket shards and the work packs, and is signed by
 * the registry's own Ed25519 key over its canonical form (the same JCS + Ed25519 as lists, lib/list).
 */
import * as v from 'valibot';
import { describeIssues, HttpUrlSchema, PublicKeySchema } from '../list/index.js';

export const REGISTRY_FORMAT = 'license-lens/registry';
/** 3: one binary fuse filter per bucket range in a layer's summary (the builder streams); 2 (one fuse filter a layer, filterBits) and 1 (a Bloom filter, bitsPerKey and hashes) are still read. */
export const REGISTRY_FORMAT_VERSION = 3;
const READ_VERSIONS = [1, 2, 3] as const;
/** A manifest is small (publishers and hashes): anything bigger is refused before parsing. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
export const MAX_PUBLISHERS = 20_000;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `at most ${max} characters`));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const isoDate = v.pipe(v.string(), v.maxLength(40), v.check((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 date'));
export const Sha256Schema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex characters'));
const keyFp = v.pipe(v.string(), v.regex(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/, 'a key fingerprint is 8 groups of 4 hex'));
const domain = v.pipe(v.string(), v.maxLength(253), v.regex(/^[a-z0-9.-]+$/, 'a domain is lowercase letters, digits, dots and hyphens'));

/** One publisher as the registry lists it: who, which key, where its own signed list is, and what was verified. */
export const PublisherRecordSchema = v.object({
  /** Index used by work records in packs (stable within an edition). */
  id: count,
  name: text(200),
  publicKey: PublicKeySchema,
  keyFingerprint: keyFp,
  /** The publisher's own signed list, copied as signed to `lists/<listSha256>.json`: any registry work can be checked back against the creator's signature there. */
  listSha256: Sha256Schema,
  /** Where the builder downloaded it (sources file), when it came from a URL. */
  listUrl: v.optional(HttpUrlSchema),
  listId: text(100),
  listVersion: count,
  works: count,
  fingerprints: count,
  /** When this key first appeared in this registry (kept across editions by the builder). */
  firstRegistered: isoDate,
  /** Domains whose /.well-known/license-lens.json names this key fingerprint, as checked at build time. */
  verifiedDomains: v.pipe(v.array(domain), v.maxLength(20)),
  /** Set once the key's own revocation statement was seen: its works are gone from this edition. */
  revoked: v.optional(isoDate),
});
export type PublisherRecord = v.InferOutput<typeof PublisherRecordSchema>;

/** How work keys are made (keys.ts); fixed per registry so client and builder agree. */
export const KeyPlanSchema = v.object({
  /** Keys per fingerprint come from its 32-bit words; a word with fewer than minBits or more than 32 - minBits set bits is a flat row pair and gives no key. */
  minBits: v.pipe(count, v.maxValue(16)),
  /** Also key the crop fingerprints (index >= 1) of every work. */
  crops: v.boolean(),
  /** Format 1's Bloom filter: bits per key and hash functions. */
  bitsPerKey: v.optional(v.pipe(count, v.minValue(1), v.maxValue(64))),
  hashes: v.optional(v.pipe(count, v.minValue(1), v.maxValue(32))),
  /** Formats 2 and 3's binary fuse filters: fingerprint bits (false-positive rate 2^-filterBits, about 1.125 x filterBits bits per key). */
  filterBits: v.optional(v.pipe(count, v.minValue(4), v.maxValue(24))),
  /** The query also asks for every word within this many bits of its own (absent: 0): the local index's word candidates lie within 2 (keys.ts). */
  probeFlips: v.optional(v.pipe(count, v.maxValue(2))),
  /** Also key each work's detail key, in blocks of this many bits (absent: not keyed; keys.ts). A client that does not know it asks for hash words only. */
  detailBits: v.optional(v.pipe(count, v.minValue(8), v.maxValue(24))),
});
export type KeyPlan = v.InferOutput<typeof KeyPlanSchema>;

/** One layer: an edition is its base layer plus the delta layers added since (only new layers are downloaded). */
export const LayerSchema = v.object({
  id: count,
  /** The summary file (summary.ts): filter bits and the bucket -> shard hash table. */
  summary: Sha256Schema,
  summaryBytes: count,
  bucketBits: v.pipe(count, v.maxValue(24)),
  keys: count,
  works: count,
});
export type Layer = v.InferOutput<typeof LayerSchema>;

export const RevocationSchema = v.object({
  format: v.literal('license-lens/revocation'),
  publicKey: PublicKeySchema,
  date: isoDate,
  reason: v.optional(text(500)),
  /** Ed25519 by publicKey itself over the canonical statement without `signature`. */
  signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/, 'a 64-byte signature in base64url')),
});
export type Revocation = v.InferOutput<typeof RevocationSchema>;

const manifestEntries = {
  format: v.literal(REGISTRY_FORMAT, `format must be "${REGISTRY_FORMAT}"`),
  formatVersion: v.picklist(READ_VERSIONS, `formatVersion must be ${READ_VERSIONS.slice(0, -1).join(', ')} or ${READ_VERSIONS.at(-1)}: this License Lens reads no other`),
  name: text(200),
  /** Grows by one per published edition: a client refuses any edition not above the one it holds. */
  edition: v.pipe(count, v.minValue(1)),
  created: isoDate,
  /** The registry's signing key (the client compares it with the key it was given when the registry was added). */
  registryKey: PublicKeySchema,
  keyPlan: KeyPlanSchema,
  publishers: v.pipe(v.array(PublisherRecordSchema), v.maxLength(MAX_PUBLISHERS)),
  revocations: v.pipe(v.array(RevocationSchema), v.maxLength(MAX_PUBLISHERS)),
  layers: v.pipe(v.array(LayerSchema), v.minLength(1), v.maxLength(64)),
  counts: v.object({ publishers: count, works: count, fingerprints: count, shards: count, packs: count }),
};
/** Format 1 names a Bloom filter's parameters, formats 2 and 3 a fuse filter's: a plan that does not fit its version is refused. */
const fitsVersion = <T extends { formatVersion: number; keyPlan: KeyPlan }>() =>
  v.check<T, string>((m) => (m.formatVersion === 1 ? m.keyPlan.bitsPerKey !== undefined && m.keyPlan.hashes !== undefined : m.keyPlan.filterBits !== undefined), 'keyPlan must name bitsPerKey and hashes (format 1) or filterBits (formats 2 and 3)');
const unsigned = v.object(manifestEntries);
const signed = v.object({ ...manifestEntries, signature: v.object({ alg: v.literal('Ed25519'), value: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/)) }) });
export const UnsignedManifestSchema = v.pipe(unsigned, fitsVersion<v.InferOutput<typeof unsigned>>());
export const ManifestSchema = v.pipe(signed, fitsVersion<v.InferOutput<typeof signed>>());
export type UnsignedManifest = v.InferOutput<typeof UnsignedManifestSchema>;
export type RegistryManifest = v.InferOutput<typeof ManifestSchema>;

export function manifestIssues(issues: ReadonlyArray<v.BaseIssue<unknown>>): string {
  return `invalid registry manifest: ${describeIssues(issues)}`;
}
