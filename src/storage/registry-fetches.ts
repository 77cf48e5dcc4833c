/**
 * The registries a backup restore left to fetch: their ids, kept in `blobs` (no schema change) so that a
 * background stopped before their updates ran finds them at its next start (background/lists/list-ops.ts
 * `recovered`), instead of the options page saying "not downloaded yet" until the scheduled update. Written in
 * the restore's own transaction (backup-file.ts), so a restore and its pending fetches land together; an id
 * leaves the set when an update or a removal of that registry finished, whatever its outcome (a failed fetch is
 * recorded on the registry, where the options page shows it).
 */
import type { RegistryDB } from './db.js';

export const REGISTRY_FETCHES_KEY = 'registry-fetches';

/**
 * The ids to fetch after a restore: the backup's registries with an address (one added from a file waits for its
 * file); a backup without registries leaves them as they are, and so those still `pending`.
 */
export function fetchesAfterRestore(registries: ReadonlyArray<{ id: string; url?: string }> | undefined, pending: readonly string[]): string[] {
  return registries ? registries.filter((r) => r.url).map((r) => r.id) : [...pending];
}

/** `ids` without `id`, or undefined once nothing is left (the record is then deleted). */
export function withoutFetch(ids: readonly string[], id: string): string[] | undefined {
  const left = ids.filter((x) => x !== id);
  return left.length ? left : undefined;
}

/** The set as stored (anything else reads as empty). */
export function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
}

export async function readRegistryFetches(db: RegistryDB): Promise<string[]> {
  return idsOf(await db.get('blobs', REGISTRY_FETCHES_KEY));
}

/** Drops `id` from the set, read and written in one transaction (never beside another writer of the set). */
export async function dropRegistryFetch(db: RegistryDB, id: string): Promise<void> {
  const tx = db.transaction('blobs', 'readwrite');
  const ids = idsOf(await tx.store.get(REGISTRY_FETCHES_KEY));
  if (ids.includes(id)) {
    const left = withoutFetch(ids, id);
    await (left ? tx.store.put(left, REGISTRY_FETCHES_KEY) : tx.store.delete(REGISTRY_FETCHES_KEY));
  }
  await tx.done;
}
