/**
 * What the shared matching path (core/image-verdict.ts) reads in the background: the matcher loaded from the
 * stored index, the few works' detail thumbnails a lookup names read from IndexedDB (the matcher holds none:
 * src/storage/work-details.ts) through a small cache kept with the matcher it belongs to (a new matcher, after a
 * registry change, starts a new one), the registered models for generation records (record.ts), and the added
 * registries (registries/registry-lookup.ts), looked up after the local matcher.
 */
import type { MatchSources } from '../../core/index.js';
import type { Matcher } from '../../lib/match/index.js';
import { WorkDetails } from '../../storage/work-details.js';
import { registryModels } from '../record.js';
import { matcher, ready } from '../state.js';
import { registryMatches } from '../registries/registry-lookup.js';

const details = new WeakMap<Matcher, WorkDetails>();

export async function matchSources(): Promise<MatchSources> {
  const [m, db] = await Promise.all([matcher(), ready()]);
  let d = details.get(m);
  if (!d) details.set(m, (d = new WorkDetails(db, m.packed.workIds)));
  const read = d;
  return { matcher: m, thumbs: (works) => read.read(works), models: registryModels, remote: (query, pageUrl) => registryMatches(db, query, pageUrl) };
}
