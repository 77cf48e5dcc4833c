/** Registry reads and writes on top of db.ts. A change is one transaction (all or nothing), except the bounded writes of a new or removed large list below, which their callers record and repair. */
import type { RegistryContent, SourceId } from '../lib/types.js';
import type { RegistryDB } from './db.js';
import { yieldTask } from '../lib/time-slice.js';
import { writingRegistry } from './registry-events.js';

export type { RegistryContent };

const STORES = ['creators', 'models', 'works'] as const;
/** Requests issued at once by a large write: a few milliseconds of work each time (bench:list-load). */
const WRITE_CHUNK = 1000;
/** Records written per transaction by the bounded writes below (a few tens of milliseconds of commit each). */
const BOUNDED_TX = 2000;
/** Records read per request by readAllSliced. */
const READ_CHUNK = 2000;

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
    // In chunks, each awaited before the next is issued (the transaction stays active, so the change is still
    // one transaction): issuing 180,000 puts at once held the thread for seconds (issue 19.6); between chunks
    // the background answers other events.
    const inChunks = async <T>(items: readonly T[], request: (item: T) => Promise<unknown>) => {
      for (let i = 0; i < items.length; i += WRITE_CHUNK) {
        const from = pending.length;
        // Each request into `pending` as it is made: one that throws must not orphan those before it.
        for (const item of items.slice(i, i + WRITE_CHUNK)) pending.push(request(item));
        await Promise.all(pending.slice(from));
      }
    };
    for (const store of STORES) {
      const s = tx.objectStore(store);
      await inChunks(await s.index('source').getAllKeys(source), (key) => s.delete(key));
    }
    await inChunks(content.creators, (c) => tx.objectStore('creators').put(c));
    await inChunks(content.models, (m) => tx.objectStore('models').put(m));
    await inChunks(content.works, (w) => tx.objectStore('works').put(w));
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

/**
 * Removes `source`'s records in transactions of at most BOUNDED_TX records. One transaction for 180,000 records
 * kept the browser's IndexedDB busy committing for seconds, and every other request of the extension (a scan's,
 * the popup's) waited behind it (issue 19.6, bench:list-load). Not atomic: the caller records the removal so that
 * one cut short is finished (background/lists/list-ops.ts), and nothing but the removal itself sees a partial state.
 */
export function removeSourceInChunks(db: RegistryDB, source: SourceId): Promise<void> {
  return writingRegistry(() => removeChunks(db, source));
}

async function removeChunks(db: RegistryDB, source: SourceId): Promise<void> {
  // Every key first, in one read, then deletions by key: asking the `source` index for the next 2,000 after each
  // transaction starts each search over at the records just deleted, which Chromium's store still steps over.
  const read = db.transaction([...STORES], 'readonly');
  const keys = await Promise.all(STORES.map((store) => read.objectStore(store).index('source').getAllKeys(source)));
  await read.done;
  const all = STORES.flatMap((store, i) => keys[i]!.map((key) => [store, key] as const));
  for (let i = 0; i < all.length; i += BOUNDED_TX) {
    const tx = db.transaction([...STORES], 'readwrite');
    await allOrNothing(tx, async (pending) => {
      for (const [store, key] of all.slice(i, i + BOUNDED_TX)) pending.push(tx.objectStore(store).delete(key));
    });
    await yieldTask();
  }
}

/**
 * Stores the records of a source that has none yet (a new subscription) in transactions of at most BOUNDED_TX
 * records, for the reason above. On a failure every record of the source is removed again, so the source is
 * stored whole or not at all; an update of an installed list keeps one transaction (replaceSource), so nothing
 * ever sees two editions mixed.
 */
export function addSourceInChunks(db: RegistryDB, source: SourceId, content: RegistryContent): Promise<void> {
  return writingRegistry(() => addChunks(db, source, content));
}

async function addChunks(db: RegistryDB, source: SourceId, content: RegistryContent): Promise<void> {
  const records = [...content.creators.map((r) => ['creators', r] as const), ...content.models.map((r) => ['models', r] as const), ...content.works.map((r) => ['works', r] as const)];
  for (const [, rec] of records) if (rec.source !== source) throw new Error(`record ${rec.id} belongs to ${rec.source}, not ${source}`);
  try {
    for (let i = 0; i < records.length; i += BOUNDED_TX) {
      const tx = db.transaction([...STORES], 'readwrite');
      await allOrNothing(tx, async (pending) => {
        for (const [store, rec] of records.slice(i, i + BOUNDED_TX)) pending.push(tx.objectStore(store).add(rec as never));
      });
      await yieldTask();
    }
  } catch (e) {
    await removeChunks(db, source).catch(() => undefined);
    throw e;
  }
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

/**
 * readAll for large registries (the matcher rebuild after a 180,000-work list, issue 19.6): the works in requests
 * of READ_CHUNK, in one transaction, so no single request's result takes the thread for long to unpack.
 */
export async function readAllSliced(db: RegistryDB): Promise<RegistryContent> {
  const tx = db.transaction([...STORES], 'readonly');
  const [creators, models] = await Promise.all([tx.objectStore('creators').getAll(), tx.objectStore('models').getAll()]);
  const works: RegistryContent['works'] = [];
  for (;;) {
    const last = works.at(-1)?.id;
    const got = await tx.objectStore('works').getAll(last === undefined ? undefined : IDBKeyRange.lowerBound(last, true), READ_CHUNK);
    works.push(...got);
    if (got.length < READ_CHUNK) break;
  }
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
