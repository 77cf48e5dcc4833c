/**
 * What the background holds between events. The Chrome service worker can be stopped after 30 s idle, so
 * everything here is a cache of IndexedDB: `ready` reopens it on every start, and the matcher is loaded from the
 * stored packed index (rebuilt from the works when missing or stale) on first use.
 */
import type { Matcher } from '../lib/match/index.js';
import { SKIP_REASON } from '../lib/match/index.js';
import { dropStoredIndex, loadMatcher } from '../storage/matcher-store.js';
import { onRegistryWritten } from '../storage/registry-events.js';
import { invalidateRecordModels } from './record.js';
import { ready } from './registry-db.js';

export { ready };

let matcherPromise: Promise<Matcher> | undefined;
/** Bumped by every invalidation: a matcher built before it must not be stored. */
let generation = 0;
let dropping: Promise<void> = Promise.resolve();

export async function matcher(): Promise<Matcher> {
  if (!matcherPromise) {
    const gen = generation;
    matcherPromise = dropping
      .then(ready)
      .then((db) => loadMatcher(db, () => gen === generation))
      .then(({ matcher, from }) => {
        if (from !== 'stored') console.info(`[License Lens] fingerprint index rebuilt (${from}): ${matcher.fingerprintCount} fingerprints`);
        if (matcher.skippedWorks) console.warn(`[License Lens] ${matcher.skippedWorks} stored works left out of matching: ${SKIP_REASON}`);
        return matcher;
      })
      .catch((e: unknown) => {
        matcherPromise = undefined;
        throw e;
      });
  }
  return matcherPromise;
}

/**
 * The matcher, after `build` stored a fresh index off this thread (the list worker: list-ops.ts), so that this
 * thread only loads it. The drop that followed the write lands first (else it would delete the fresh index), and
 * if the registry changed while `build` ran, what it stored may be stale: dropped again, then rebuilt here.
 */
export async function matcherBuiltBy(build: () => Promise<unknown>): Promise<Matcher> {
  await dropping;
  const gen = generation;
  try {
    await build();
  } finally {
    if (gen !== generation) invalidateMatcher();
  }
  return matcher();
}

/**
 * Runs after every registry write (storage/registry-events.ts: the writers call it, no handler has to), so the next
 * lookup sees the change and no later start loads the old stored index.
 */
export function invalidateMatcher(): void {
  generation++;
  matcherPromise = undefined;
  dropping = ready()
    .then(dropStoredIndex)
    .catch((e: unknown) => console.warn(`[License Lens] could not drop the stored index: ${e instanceof Error ? e.message : String(e)}`));
  invalidateRecordModels();
}

// Storage tells the matcher about every registry write: no handler has to remember it.
onRegistryWritten(invalidateMatcher);
