/**
 * The stores of records the user added one by one, keyed by their `id` (subscribed lists, added registries): read
 * back in the order they were added, which is the order the options page lists them in.
 */
import type { RegistryDB } from './db.js';

type AddedStore = 'subscriptions' | 'registries';

export interface AddedRecords<T> {
  list(db: RegistryDB): Promise<T[]>;
  get(db: RegistryDB, id: string): Promise<T | undefined>;
  put(db: RegistryDB, rec: T): Promise<void>;
}

export function addedRecords<T extends { id: string; added: number }>(store: AddedStore): AddedRecords<T> {
  return {
    async list(db) {
      const all = (await db.getAll(store)) as unknown as T[];
      return all.sort((a, b) => a.added - b.added);
    },
    async get(db, id) {
      return (await db.get(store, id)) as unknown as T | undefined;
    },
    async put(db, rec) {
      await db.put(store, rec as unknown as { id: string });
    },
  };
}
