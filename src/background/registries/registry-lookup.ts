/**
 * A page image looked up in every added registry (docs/registry.md, "A lookup", lib/registry lookupQuery): its
 * keys against the local summary first (none passes: no request, the usual case), then the shards of the buckets
 * that pass and the work packs they name, each checked against its content hash. Files come from the registry
 * cache when held, else from the host (registry-files.ts), and are cached only after the whole lookup checked
 * them. The works found become ordinary records that the same Matcher checks, detail stage included, so a
 * registry match carries the verdict a subscribed list's would.
 */
import { Matcher, type Query } from '../../lib/match/index.js';
import { bucketIdsFor, lookupQuery, queryKeys, shardPath } from '../../lib/registry/index.js';
import type { RegistryRecord } from '../../lib/protocol/index.js';
import type { RegistryContent, SourceId, WorkMatch } from '../../lib/types.js';
import type { RegistryDB } from '../../storage/db.js';
import { getRegistryEdition, listRegistries } from '../../storage/registries.js';
import { cachedFiles, storeFiles } from '../../storage/registry-cache.js';
import { onRegistriesChanged } from './registry-events.js';
import { hostFiles, type Edition } from './registry-files.js';

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

/**
 * Records by publisher as their source (`registry:<id>/<publisher>`), without the publishers switched off
 * (lib's worksFromShard already makes one record per work).
 */
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
  const shards = bucketIdsFor(summary, keys);
  if (!shards.length) return []; // the usual case: nothing asked of the host
  // The shards' cache entries now; the packs' are read once the shards name them (a second, small read).
  const cached = await cachedFiles(db, rec.id, shards.map((s) => shardPath(s.shard)));
  const host = hostFiles(rec.base, manifest, cached);
  const get = async (path: string) => {
    if (path.startsWith('packs/') && !cached.has(path)) {
      const hit = (await cachedFiles(db, rec.id, [path])).get(path);
      if (hit) return hit.bytes;
    }
    return host.get(path);
  };
  const found = await lookupQuery(manifest, rec.id, summary, query, get);
  // Every file was checked by its hash (a modified one throws above and is never cached).
  if (host.fetched.size) await storeFiles(db, rec.id, host.fetched);
  const content = perPublisher(found.content, rec);
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
