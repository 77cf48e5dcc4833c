/** Subscribed lists' records in the `subscriptions` store: where a list comes from and how its last update went. */
import type { SourceId } from '../lib/types.js';
import type { Subscription } from '../lib/protocol/index.js';
import type { RegistryDB } from './db.js';
import { addedRecords } from './added-records.js';

export type { Subscription };

export const sourceOf = (sub: Pick<Subscription, 'id'>): SourceId => `list:${sub.id}`;

const records = addedRecords<Subscription>('subscriptions');
export const listSubscriptions = records.list;
export const getSubscription = records.get;
export const putSubscription = records.put;

export async function deleteSubscription(db: RegistryDB, id: string): Promise<void> {
  await db.delete('subscriptions', id);
}
