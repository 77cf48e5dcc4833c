/** Registry reads and writes on top of db.ts. Every multi-record change is one transaction: all or nothing. */
import type { RegistryContent, SourceId } from '../lib/types.js';
import type { RegistryDB } from './db.js';
import { writingRegistry } from './registry-events.js';

export type { RegistryContent };

const STORES = ['creators', 'models', 'works'] as const;

/**
 * Replace everything that came from `source` with `content`, atomically: a list update either lands whole or not
 * at all, and records of other sources (the user's own registrations, other lists) are never touched.
 */
export async function replaceSource(db: RegistryDB, source: SourceId, content: RegistryContent): Promise<void> {
  for (const store of STORES) {
    for (const rec of content[store]) {
      if (rec.source !== source) throw new Error(`record ${rec.id} belongs to ${rec.source}, not ${source}`);
    }
  }
  const tx = db.transaction([...STORES], 'readwrite');
  await writingRegistry(() => allOrNothing(tx, async (pending) => {
    for (const store of STORES) {
      const s = tx.objectStore(store);
      for (const key of await s.index('source').getAllKeys(source)) await s.delete(key);
    }
    for (const c of content.creators) pending.push(tx.objectStore('creators').put(c));
    for (const m of content.models) pending.push(tx.objectStore('models').put(m));
    for (const w of content.works) pending.push(tx.objectStore('works').put(w));
  }));
}

/**
 * Runs the writes of one read-write transaction so that they land whole or not at all. `body` issues requests
 * (pushing their promises into `pending`); on any failure the transaction is aborted, because a request that throws
 * synchronously (a DataError for a bad key) does not abort it by itself: without this, earlier deletions or puts
 * would commit. Errors come back through storageError, so a full disk reads as such.
 */
export async function allOrNothing<T>(
  tx: { abort(): void; done: Promise<void>; error: DOMException | null },
  body: (pending: Array<Promise<unknown>>) => Promise<T>,
): Promise<T> {
  const pending: Array<Promise<unknown>> = [];
  let out: T;
  try {
    out = await body(pending);
    await Promise.all(pending);
  } catch (e) {
    for (const p of pending) p.catch(() => undefined);
    abortQuietly(tx);
    await tx.done.catch(() => undefined);
    // When the browser aborted the transaction (quota), its error says why; a request only says "AbortError".
    throw storageError(tx.error ?? e);
  }
  await tx.done.catch((e: unknown) => {
    throw storageError(e);
  });
  return out;
}

/**
 * A full disk or exhausted quota shows up as a QuotaExceededError, thrown by a put or reported when the
 * transaction commits. Either way the transaction rolled back: say so in words a user can act on.
 */
export function storageError(e: unknown): unknown {
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') {
    return new Error('Not enough storage space: the browser refused to store more (quota exceeded). Nothing was changed; free some disk space and try again.', { cause: e });
  }
  return e;
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
}

export async function removeSource(db: RegistryDB, source: SourceId): Promise<void> {
  await replaceSource(db, source, { creators: [], models: [], works: [] });
}

export async function readAll(db: RegistryDB): Promise<RegistryContent> {
  const tx = db.transaction([...STORES], 'readonly');
  const [creators, models, works] = await Promise.all([
    tx.objectStore('creators').getAll(),
    tx.objectStore('models').getAll(),
    tx.objectStore('works').getAll(),
  ]);
  await tx.done;
  return { creators, models, works };
}

export async function countBySource(db: RegistryDB, source: SourceId): Promise<{ models: number; works: number }> {
  const [models, works] = await Promise.all([
    db.countFromIndex('models', 'source', source),
    db.countFromIndex('works', 'source', source),
  ]);
  return { models, works };
}

export async function getSetting<T>(db: RegistryDB, key: string, fallback: T): Promise<T> {
  const v = await db.get('settings', key);
  return v === undefined ? fallback : (v as T);
}

export async function setSetting(db: RegistryDB, key: string, value: unknown): Promise<void> {
  await db.put('settings', value, key);
}
