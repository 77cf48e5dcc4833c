/**
 * What the background holds between events. The Chrome service worker can be stopped after 30 s idle, so
 * everything here is a cache of IndexedDB: `ready` reopens it on every start, and the matcher is rebuilt from
 * stored works on first use.
 */
import { Matcher } from '../lib/matcher.js';
import { openRegistry, type RegistryDB } from '../storage/db.js';
import { readAll } from '../storage/registry.js';
import { invalidateRecordModels } from './record.js';

let dbPromise: Promise<RegistryDB> | undefined;
let matcherPromise: Promise<Matcher> | undefined;

/** The one startup promise every handler awaits. */
export function ready(): Promise<RegistryDB> {
  dbPromise ??= openRegistry().catch((e: unknown) => {
    dbPromise = undefined; // let the next event try again rather than failing forever
    throw e;
  });
  return dbPromise;
}

export async function matcher(): Promise<Matcher> {
  matcherPromise ??= ready()
    .then(readAll)
    .then((content) => new Matcher(content))
    .catch((e: unknown) => {
      matcherPromise = undefined;
      throw e;
    });
  return matcherPromise;
}

/** Call after any registry change so the next lookup sees it. */
export function invalidateMatcher(): void {
  matcherPromise = undefined;
  invalidateRecordModels();
}
