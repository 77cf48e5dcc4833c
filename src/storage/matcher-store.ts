/**
 * The matcher at start-up: one read of the packed index, tables included, from the `blobs` store (plus the small
 * creators and models stores), instead of every work record and a table build, because the Chrome service worker
 * starts often. A stored index that is
 * missing, corrupt, from an older version or out of date is rebuilt from the works and stored again: the works
 * store is the truth, so nothing registered is lost. The works' detail thumbnails are not in the index: the matcher's
 * detail stages read the few they need from the works store (work-details.ts).
 */
import { Matcher, packRegistrySliced, parseStoredIndex, storedIndex, type StoredIndex } from '../lib/match/index.js';
import { mapSliced } from '../lib/time-slice.js';
import type { RegistryDB } from './db.js';
import { readAllSliced } from './registry.js';

export const INDEX_BLOB_KEY = 'fingerprint-index';

export interface LoadedMatcher {
  matcher: Matcher;
  /** 'stored' when it came from the stored index, else why it was rebuilt. */
  from: 'stored' | string;
}

/**
 * Load the matcher. `stillCurrent` is asked just before writing a rebuilt index: if the registry changed meanwhile
 * (the caller invalidated), the rebuilt one is already stale and is not stored.
 */
export async function loadMatcher(db: RegistryDB, stillCurrent: () => boolean = () => true): Promise<LoadedMatcher> {
  const tx = db.transaction(['creators', 'models', 'works', 'blobs'], 'readonly');
  const [creators, models, worksInStore, stored] = await Promise.all([
    tx.objectStore('creators').getAll(),
    tx.objectStore('models').getAll(),
    tx.objectStore('works').count(),
    tx.objectStore('blobs').get(INDEX_BLOB_KEY),
  ]);
  await tx.done;
  const parsed = parseStoredIndex(await unwrapStoredIndex(stored), worksInStore);
  if (parsed.ok) {
    try {
      return { matcher: new Matcher({ creators, models }, parsed.packed), from: 'stored' };
    } catch (e) {
      return rebuild(db, stillCurrent, `stored index is corrupt: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return rebuild(db, stillCurrent, parsed.reason);
}

async function rebuild(db: RegistryDB, stillCurrent: () => boolean, reason: string): Promise<LoadedMatcher> {
  const content = await readAllSliced(db);
  // Packed first, so the matcher keeps no thumbnail: they are read per query (work-details.ts), as after a stored load.
  const matcher = new Matcher(content, await packRegistrySliced(content));
  if (stillCurrent()) {
    try {
      await db.put('blobs', wrap(storedIndex({ ...matcher.packed, tables: matcher.index.tables }, content.works.length)), INDEX_BLOB_KEY);
    } catch (e) {
      // Not fatal: the next start rebuilds again.
      console.warn(`[License Lens] could not store the fingerprint index: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { matcher, from: reason };
}

/** Forget the stored index (after a registry change) so no later start can load a stale one. */
export async function dropStoredIndex(db: RegistryDB): Promise<void> {
  await db.delete('blobs', INDEX_BLOB_KEY);
}

/**
 * The stored index with its two large parts as Blobs: the arrays' buffer, and the work ids as one text with their
 * lengths. Reading a structured clone holding an 18 MB ArrayBuffer and 180,000 strings held the reading thread
 * for a second or more in one task (the background's, after a large list: issue 19.6); a Blob is read back as a
 * handle, its bytes come asynchronously, and the ids are cut from the text in time slices.
 */
interface WrappedIndex extends Omit<StoredIndex, 'buffer'> {
  buffer: Blob;
  workIdText: Blob;
  workIdLengths: Uint32Array;
}

function wrap(index: StoredIndex): WrappedIndex {
  const ids = index.strings.workIds ?? [];
  return {
    ...index,
    buffer: new Blob([index.buffer]),
    strings: { ...index.strings, workIds: [] },
    workIdText: new Blob([ids.join('')]),
    workIdLengths: Uint32Array.from(ids, (id) => id.length),
  };
}

/** A wrapped index as parseStoredIndex reads it; anything else (an index stored whole by older code) as it is. */
export async function unwrapStoredIndex(value: unknown): Promise<unknown> {
  const v = value as Partial<WrappedIndex> | undefined;
  if (!(v?.buffer instanceof Blob) || !(v.workIdText instanceof Blob) || !(v.workIdLengths instanceof Uint32Array)) return value;
  const [buffer, text] = await Promise.all([v.buffer.arrayBuffer(), v.workIdText.text()]);
  let at = 0;
  const workIds = await mapSliced(Array.from(v.workIdLengths), (n) => text.slice(at, (at += n)));
  const rest: Partial<WrappedIndex> = { ...v };
  delete rest.workIdText;
  delete rest.workIdLengths;
  return { ...rest, buffer, strings: { ...v.strings, workIds } };
}
