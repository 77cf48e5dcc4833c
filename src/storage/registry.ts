/** Registry reads and writes on top of db.ts. Every multi-record change is one transaction: all or nothing. */
import type { RegistryContent, SourceId } from '../lib/types.js';
import type { RegistryDB } from './db.js';

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
  for (const store of STORES) {
    const s = tx.objectStore(store);
    for (const key of await s.index('source').getAllKeys(source)) await s.delete(key);
  }
  await Promise.all([
    ...content.creators.map((c) => tx.objectStore('creators').put(c)),
    ...content.models.map((m) => tx.objectStore('models').put(m)),
    ...content.works.map((w) => tx.objectStore('works').put(w)),
  ]);
  await tx.done;
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
