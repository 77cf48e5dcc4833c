/**
 * Added registries: their records in `registries` (small: what the options page lists) and, by the same id, their
 * verified manifest and local summary in `registryData` (large: read when a page image is looked up). An edition
 * is written in one transaction over both stores, so a record never names a manifest it does not have; removing
 * a registry also drops what was fetched from it (registry-cache.ts).
 */
import type { RegistryRecord } from '../lib/protocol/index.js';
import type { RegistryDB } from './db.js';
import { addedRecords } from './added-records.js';

export type { RegistryRecord };

/** What a registry's lookups need, stored whole per edition; its shape belongs to src/lib/registry. */
export interface RegistryEdition<M = unknown, S = unknown> {
  manifest: M;
  summary: S;
}

const records = addedRecords<RegistryRecord>('registries');
export const listRegistries = records.list;
export const getRegistry = records.get;

/**
 * Changes the record in one transaction, read and written together: a restore or a removal lands before or after
 * it, never between (a separate read and write would put a replaced registry back). Undefined when there is none.
 */
export async function changeRegistry(db: RegistryDB, id: string, change: (rec: RegistryRecord) => RegistryRecord): Promise<RegistryRecord | undefined> {
  const tx = db.transaction('registries', 'readwrite');
  const rec = (await tx.store.get(id)) as unknown as RegistryRecord | undefined;
  const next = rec && change(rec);
  if (next) await tx.store.put(next as unknown as { id: string });
  await tx.done;
  return next;
}

/**
 * A new edition: record, manifest and summary together or not at all. The publishers switched off are the stored
 * record's (the user may switch one while the edition downloads). Returns the record as written.
 */
export async function putRegistryEdition(db: RegistryDB, rec: RegistryRecord, edition: RegistryEdition): Promise<RegistryRecord> {
  const tx = db.transaction(['registries', 'registryData'], 'readwrite');
  const records = tx.objectStore('registries');
  const now = (await records.get(rec.id)) as unknown as RegistryRecord | undefined;
  const next = now ? { ...rec, off: now.off } : rec;
  await Promise.all([records.put(next as unknown as { id: string }), tx.objectStore('registryData').put(edition, rec.id), tx.done]);
  return next;
}

export async function getRegistryEdition<M, S>(db: RegistryDB, id: string): Promise<RegistryEdition<M, S> | undefined> {
  return (await db.get('registryData', id)) as RegistryEdition<M, S> | undefined;
}

/** Removes the registry, its edition and everything cached from it, in one transaction. */
export async function deleteRegistry(db: RegistryDB, id: string): Promise<void> {
  const tx = db.transaction(['registries', 'registryData', 'registryCache'], 'readwrite');
  const cache = tx.objectStore('registryCache');
  const keys = await cache.index('registry').getAllKeys(id);
  await Promise.all([tx.objectStore('registries').delete(id), tx.objectStore('registryData').delete(id), ...keys.map((k) => cache.delete(k)), tx.done]);
}
