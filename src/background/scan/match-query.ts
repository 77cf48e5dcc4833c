/**
 * A page image's fingerprint matches: the matcher's hash and key stages, then the detail stages with the few works'
 * thumbnails they name read from IndexedDB (the matcher holds none: src/storage/work-details.ts), through a small
 * cache kept with the matcher it belongs to (a new matcher, after a registry change, starts a new one). Then the added
 * registries (registries/registry-lookup.ts): a registry that cannot answer makes the image an error only when
 * nothing else matched it, so a refused shard is said, never shown as "no match".
 */
import type { Matcher, Query } from '../../lib/match/index.js';
import type { WorkMatch } from '../../lib/types.js';
import { WorkDetails } from '../../storage/work-details.js';
import { matcher, ready } from '../state.js';
import { registryMatches } from '../registries/registry-lookup.js';

const details = new WeakMap<Matcher, WorkDetails>();

export async function matchQuery(query: Query, pageUrl: string): Promise<WorkMatch[]> {
  const [m, db] = await Promise.all([matcher(), ready()]);
  let d = details.get(m);
  if (!d) details.set(m, (d = new WorkDetails(db, m.packed.workIds)));
  const p = m.prepare(query);
  const local = m.verdicts(m.finish(p, await d.read(p.needs)), pageUrl);
  const remote = await registryMatches(db, query, pageUrl);
  if (remote.error && !local.length && !remote.matches.length) throw new Error(remote.error);
  return [...local, ...remote.matches];
}
