/**
 * Bucket shards and work packs (docs/registry.md). A shard lists, for one bucket of one layer, every key that fell
 * there with the pack and slot of its work; a pack holds a few whole work records (fingerprints, detail thumbnail,
 * the publisher's list work id) with the models they name. Both are JSON, content-addressed (their file name is
 * their SHA-256) and immutable. The client turns the works it fetched into the records the matcher reads, so a
 * registry match is decided by the same code as a list match.
 */
import * as v from 'valibot';
import { describeIssues, ModelSchema, WorkSchema } from '../list/index.js';
import type { Creator, Model, RegistryContent, SourceId, Work } from '../types.js';
import type { BucketKey } from './key-hash.js';
import { Sha256Schema, type RegistryManifest } from './manifest.js';
import { checkHash, type Checked } from './digest.js';

export const SHARD_FORMAT = 'license-lens/registry-shard';
export const PACK_FORMAT = 'license-lens/registry-pack';
export const MAX_SHARD_BYTES = 2 * 1024 * 1024;
export const MAX_PACK_BYTES = 8 * 1024 * 1024;
/** Works per pack: what a matched image's second request reveals is one of this many works. */
export const PACK_WORKS = 8;

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
export const ShardSchema = v.object({
  format: v.literal(SHARD_FORMAT),
  layer: count,
  bucket: count,
  packs: v.pipe(v.array(Sha256Schema), v.maxLength(65_536)),
  /** [key, index into packs, slot in the pack], sorted by key. */
  entries: v.pipe(v.array(v.tuple([count, count, count])), v.maxLength(200_000)),
});
export type Shard = v.InferOutput<typeof ShardSchema>;

export const PackSchema = v.object({
  format: v.literal(PACK_FORMAT),
  models: v.pipe(v.array(v.object({ publisher: count, model: ModelSchema })), v.maxLength(PACK_WORKS)),
  works: v.pipe(v.array(v.object({ publisher: count, work: WorkSchema })), v.maxLength(PACK_WORKS)),
});
export type Pack = v.InferOutput<typeof PackSchema>;
export interface PackRef {
  pack: string;
  slot: number;
}

function parseJson<T>(bytes: Uint8Array, max: number, schema: v.GenericSchema<unknown, T>, what: string): Checked<T> {
  if (bytes.byteLength > max) return { ok: false, error: `${what} is larger than ${max / 1048576} MB` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, error: `${what} is not JSON text` };
  }
  const r = v.safeParse(schema, json);
  return r.success ? { ok: true, value: r.output } : { ok: false, error: `invalid ${what}: ${describeIssues(r.issues)}` };
}

/** A shard's bytes checked against the hash the summary names, then parsed. */
export async function verifyShard(bytes: Uint8Array, expectedSha256: string): Promise<Checked<Shard>> {
  if (bytes.byteLength > MAX_SHARD_BYTES) return { ok: false, error: `the shard is larger than ${MAX_SHARD_BYTES / 1048576} MB` };
  const h = await checkHash(bytes, expectedSha256, 'the shard');
  return h.ok ? parseJson(bytes, MAX_SHARD_BYTES, ShardSchema, 'shard') : h;
}

export async function verifyPack(bytes: Uint8Array, expectedSha256: string): Promise<Checked<Pack>> {
  if (bytes.byteLength > MAX_PACK_BYTES) return { ok: false, error: `the work pack is larger than ${MAX_PACK_BYTES / 1048576} MB` };
  const h = await checkHash(bytes, expectedSha256, 'the work pack');
  return h.ok ? parseJson(bytes, MAX_PACK_BYTES, PackSchema, 'work pack') : h;
}

/** The works a shard holds under any of the query's keys (the packs to fetch next). */
export function candidatesIn(shard: Shard, keys: readonly BucketKey[] | ReadonlySet<BucketKey>): PackRef[] {
  // A query with neighbour keys asks for about 16,000: the caller passes one Set for all its shards.
  const wanted = keys instanceof Set ? keys : new Set(keys);
  const out = new Map<string, PackRef>();
  for (const [key, p, slot] of shard.entries) {
    const pack = shard.packs[p];
    if (wanted.has(key) && pack) out.set(`${pack}/${slot}`, { pack, slot });
  }
  return [...out.values()];
}

/** Record ids: `registry:<registryId>/<publisher id>/<id in the publisher's list>`, so two publishers never collide. */
export function registrySource(registryId: string): SourceId {
  return `registry:${registryId}`;
}

/**
 * The matcher's records for the referenced works (all of a pack's works when `refs` is omitted): creators from the
 * manifest's publishers, models and works from the packs. Works of a revoked or unknown publisher are dropped.
 */
export function worksFromShard(manifest: RegistryManifest, registryId: string, packs: ReadonlyMap<string, Pack>, refs?: readonly PackRef[]): RegistryContent {
  const source = registrySource(registryId);
  const revoked = new Set(manifest.revocations.map((r) => r.publicKey));
  const publishers = new Map(manifest.publishers.filter((p) => !p.revoked && !revoked.has(p.publicKey)).map((p) => [p.id, p]));
  const ns = (pub: number, id: string) => `${source}/${pub}/${id}`;
  const creators = new Map<string, Creator>();
  const models = new Map<string, Model>();
  const works: Work[] = [];
  const wanted = refs ?? [...packs].flatMap(([pack, p]) => p.works.map((_, slot) => ({ pack, slot })));
  // A work is named once per shard its keys fell in: several for one query. Each becomes one record.
  const seen = new Set<string>();
  for (const { pack, slot } of wanted) {
    if (seen.has(`${pack}/${slot}`)) continue;
    seen.add(`${pack}/${slot}`);
    const p = packs.get(pack);
    const entry = p?.works[slot];
    const pub = entry && publishers.get(entry.publisher);
    if (!p || !entry || !pub) continue;
    const creatorId = ns(pub.id, 'publisher');
    creators.set(creatorId, { id: creatorId, source, name: pub.name, publicKey: pub.publicKey });
    const m = p.models.find((x) => x.publisher === pub.id && x.model.id === entry.work.model)?.model;
    if (!m) continue;
    const { id, ...model } = m;
    models.set(ns(pub.id, id), { ...model, id: ns(pub.id, id), source, creatorId, licensees: m.licensees ?? [] });
    const w = entry.work;
    works.push({ id: ns(pub.id, w.id), source, modelId: ns(pub.id, w.model), title: w.title, fingerprints: w.fingerprints, detail: w.detail, ...(w.size ? { size: w.size } : {}), ...(w.chroma ? { chroma: w.chroma } : {}), ...(w.sha256 ? { sha256: w.sha256 } : {}), addedAt: w.added ?? pub.firstRegistered });
  }
  return { creators: [...creators.values()], models: [...models.values()], works };
}
