/** Subscribed lists' records in the `subscriptions` store: where a list comes from and how its last update went. */
import type { SourceId } from '../lib/types.js';
import type { Subscription } from '../lib/protocol/index.js';
import type { RegistryDB } from './db.js';

export type { Subscription };

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
