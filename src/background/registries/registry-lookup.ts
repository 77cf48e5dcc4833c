/**
 * A page image looked up in every added registry (docs/registry.md, "A lookup"): its keys against the local
 * summary first (no key passes: no request, the usual case), then the shards of the buckets that pass and the work
 * packs they name, each checked against its content hash, fetched once (concurrent lookups share a request) and
 * kept in the registry cache. The works found become ordinary records that the same Matcher checks, detail stage
 * included, so a registry match carries the verdict a subscribed list's would.
 */
import { Matcher, type Query } from '../../lib/match/index.js';
import { bucketIdsFor, candidatesIn, mayMatch, MAX_PACK_BYTES, MAX_SHARD_BYTES, queryKeys, verifyPack, verifyShard, worksFromShard, type Checked, type Pack, type Shard } from '../../lib/registry/index.js';
import type { RegistryRecord } from '../../lib/protocol/index.js';
import type { RegistryContent, SourceId, WorkMatch } from '../../lib/types.js';
import type { RegistryDB } from '../../storage/db.js';
import { getRegistryEdition, listRegistries } from '../../storage/registries.js';
import { cachedFiles, storeFiles, type CachedFile } from '../../storage/registry-cache.js';
import { onRegistriesChanged } from './registry-events.js';
import { fetchRegistryFile, registryUrl } from './registry-fetch.js';
import { packPath, shardPath, type Edition } from './registry-files.js';

interface Loaded {
  rec: RegistryRecord;
  edition: Edition;
}

let loaded: Promise<Loaded[]> | undefined;
onRegistriesChanged(() => (loaded = undefined));

function registries(db: RegistryDB): Promise<Loaded[]> {
  loaded ??= (async () => {
    const out: Loaded[] = [];
    for (const rec of await listRegistries(db)) {
      const edition = (await getRegistryEdition(db, rec.id)) as Edition | undefined;
      if (edition) out.push({ rec, edition });
    }
    return out;
  })().catch((e: unknown) => {
    loaded = undefined;
    throw e;
  });
  return loaded;
}

/** Requests in flight, by URL: images of one page often need the same shard. */
const inFlight = new Map<string, Promise<CachedFile>>();

/** Verified files by path: from the cache, else fetched (in parallel) and cached. */
async function files<T>(db: RegistryDB, rec: RegistryRecord, want: ReadonlyMap<string, string>, maxBytes: number, verify: (bytes: Uint8Array, sha: string) => Promise<Checked<T>>): Promise<Map<string, T>> {
  const paths = [...want.keys()];
  const cached = await cachedFiles(db, rec.id, paths);
  const fresh = new Map<string, CachedFile>();
  await Promise.all(
    paths
      .filter((p) => !cached.has(p))
      .map(async (p) => {
        const url = registryUrl(rec.base, p);
        let got = inFlight.get(url);
        if (!got) {
          got = fetchRegistryFile(url, { maxBytes }).finally(() => inFlight.delete(url));
          inFlight.set(url, got);
        }
        fresh.set(p, await got);
      }),
  );
  const out = new Map<string, T>();
  for (const p of paths) {
    const f = cached.get(p) ?? fresh.get(p)!;
    const r = await verify(f.bytes, want.get(p)!);
    // A modified file is refused and never cached: the lookup fails rather than trust it.
    if (!r.ok) throw new Error(`${p}: ${r.error}`);
    out.set(p, r.value);
  }
  const good = new Map([...fresh].filter(([p]) => out.has(p)));
  if (good.size) await storeFiles(db, rec.id, good);
  return out;
}

/** Records by publisher as their source (`registry:<id>/<publisher>`), without the publishers switched off. */
function perPublisher(content: RegistryContent, rec: RegistryRecord): RegistryContent {
  const off = new Set(rec.off);
  const prefix = `registry:${rec.id}/`;
  const pub = (id: string) => Number(id.slice(prefix.length).split('/')[0]);
  const keep = <T extends { id: string; source: SourceId }>(xs: T[]) =>
    xs.filter((x) => !off.has(pub(x.id))).map((x) => ({ ...x, source: `${prefix}${pub(x.id)}` as SourceId }));
  return { creators: keep(content.creators), models: keep(content.models), works: keep(content.works) };
}

async function lookupOne(db: RegistryDB, { rec, edition }: Loaded, query: Query, pageUrl: string): Promise<WorkMatch[]> {
  const { manifest, summary } = edition;
  const keys = queryKeys(query, manifest.keyPlan);
  if (!keys.length || !mayMatch(summary, keys)) return [];
  const shardsWanted = new Map(bucketIdsFor(summary, keys).map((r) => [shardPath(r.shard), r.shard]));
  if (!shardsWanted.size) return [];
  const shards = await files<Shard>(db, rec, shardsWanted, MAX_SHARD_BYTES, verifyShard);
  const refs = [...shards.values()].flatMap((s) => candidatesIn(s, keys));
  if (!refs.length) return [];
  const packsWanted = new Map(refs.map((r) => [packPath(r.pack), r.pack]));
  const byPath = await files<Pack>(db, rec, packsWanted, MAX_PACK_BYTES, verifyPack);
  const packs = new Map([...byPath].map(([p, pack]) => [packsWanted.get(p)!, pack]));
  const content = perPublisher(worksFromShard(manifest, rec.id, packs, refs), rec);
  if (!content.works.length) return [];
  return new Matcher(content).match(query, pageUrl);
}

/** Matches from every registry; `error` names a registry whose files were refused or unreachable for this image. */
export async function registryMatches(db: RegistryDB, query: Query, pageUrl: string): Promise<{ matches: WorkMatch[]; error?: string }> {
  const all = await registries(db);
  const results = await Promise.allSettled(all.map((r) => lookupOne(db, r, query, pageUrl)));
  const matches: WorkMatch[] = [];
  let error: string | undefined;
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') matches.push(...r.value);
    else error ??= `registry “${all[i]!.rec.name}”: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`;
  });
  return { matches, error };
}
