/** Subscribed lists' records in the `subscriptions` store: where a list comes from and how its last update went. */
import type { SourceId } from '../lib/types.js';
import type { RegistryDB } from './db.js';

export interface Subscription {
  /** Also the registry source of its records: `list:<id>`. */
  id: string;
  /** Where updates come from; absent for a list added from a file (it changes only when a newer file is added). */
  url?: string;
  /** From the installed edition: shown to the user and pinned (an update signed by another key is refused). */
  listId: string;
  listName: string;
  publisher: string;
  homepage?: string;
  publicKey: string;
  keyFingerprint: string;
  version: number;
  listUpdated: string;
  models: number;
  works: number;
  /** HTTP validators of the installed edition, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  added: number;
  /** When the installed edition was stored, and when an update was last attempted. */
  installedAt: number;
  checkedAt?: number;
  /** Why the last update attempt failed (the installed edition stays in use); absent after a good attempt. */
  error?: string;
}

export const sourceOf = (sub: Pick<Subscription, 'id'>): SourceId => `list:${sub.id}`;

export async function listSubscriptions(db: RegistryDB): Promise<Subscription[]> {
  const all = (await db.getAll('subscriptions')) as unknown as Subscription[];
  return all.sort((a, b) => a.added - b.added);
}

export async function getSubscription(db: RegistryDB, id: string): Promise<Subscription | undefined> {
  return (await db.get('subscriptions', id)) as unknown as Subscription | undefined;
}

export async function putSubscription(db: RegistryDB, sub: Subscription): Promise<void> {
  await db.put('subscriptions', sub as unknown as { id: string });
}

export async function deleteSubscription(db: RegistryDB, id: string): Promise<void> {
  await db.delete('subscriptions', id);
}
