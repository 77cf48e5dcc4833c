/**
 * The registry database, opened once per worker start: its own module so that state.ts (the matcher) and
 * record.ts (the models the generation record names) both reach it without importing each other.
 */
import { openRegistry, type RegistryDB } from '../storage/db.js';

let dbPromise: Promise<RegistryDB> | undefined;

/** The one startup promise every handler awaits. */
export function ready(): Promise<RegistryDB> {
  dbPromise ??= openRegistry().catch((e: unknown) => {
    dbPromise = undefined; // let the next event try again rather than failing forever
    throw e;
  });
  return dbPromise;
}
