/**
 * The record of the list operation in progress (one at a time: list-ops.ts runs them in turn), so that a
 * background started after the browser stopped the old one mid-operation can repair what it left and tell the
 * options page what happened. Kept in `blobs`, which backups leave out: a restored record would "repair" a list.
 */
import type { ListOpName, ListOpOutcome, ListPhase } from '../lib/protocol/index.js';
import type { RegistryDB } from './db.js';
import type { Subscription } from './subscriptions.js';

const KEY = 'list-op';

export type ListOpRecord =
  | {
      id: string;
      type: ListOpName;
      state: 'running';
      /** Which background instance runs it: any other one finding it 'running' knows it was cut short. */
      runner: string;
      phase: ListPhase | 'start';
      /** From the `store` or `remove` phase on: the subscription it changes, and that subscription before (null: new). */
      subId?: string;
      before?: Subscription | null;
      startedAt: number;
    }
  | ({ id: string; type: ListOpName; at: number } & Exclude<ListOpOutcome, { state: 'running' | 'unknown' }>);

export async function readListOp(db: RegistryDB): Promise<ListOpRecord | undefined> {
  return (await db.get('blobs', KEY)) as ListOpRecord | undefined;
}

export async function writeListOp(db: RegistryDB, rec: ListOpRecord): Promise<void> {
  await db.put('blobs', rec, KEY);
}

export async function clearListOp(db: RegistryDB, id: string): Promise<void> {
  if ((await readListOp(db))?.id === id) await db.delete('blobs', KEY);
}
