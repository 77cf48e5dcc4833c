/**
 * Subscribed lists: add (by URL or file text), update, remove. No browser API here (only fetch and IndexedDB
 * through src/storage), so the unit tests run it in Node against a local HTTP server and fake-indexeddb.
 *
 * Rules: a list is installed only after its shape and signature check out; an update must be signed by the key
 * pinned at subscription and must not be older than the installed edition; an update replaces the list's
 * records in one transaction (replaceSource) and touches no other source; a failed or refused update keeps the
 * installed edition and records why.
 */
import type { Validators } from '../../lib/list/index.js';
import type { ListChecked, ListHead, ListJobRequest, ListPhase } from '../../lib/protocol/index.js';
import { askJob, listJobHere, type ListJobRunner } from '../../list-worker/runner.js';
import type { RegistryDB } from '../../storage/db.js';
import { writingRegistry } from '../../storage/registry-events.js';
import {
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  putSubscription,
  sourceOf,
  type Subscription,
} from '../../storage/subscriptions.js';

export type { Subscription };

/**
 * `phase` is told as each phase begins, and awaited, so that a record of it is written before the work starts
 * (list-ops.ts repairs what an operation cut short leaves). `store` names the subscription and what it was before
 * (null: new). `job` runs the heavy work (download, check, store: lib/protocol/list-job.ts), in the list worker
 * when the background gives one; else here.
 */
export interface PhaseHooks {
  phase?(p: ListPhase, target?: { subId: string; before: Subscription | null }): Promise<void> | void;
  job?: ListJobRunner;
}

function jobOf(db: RegistryDB, hooks: PhaseHooks): ListJobRunner {
  return hooks.job ?? listJobHere(() => Promise.resolve(db));
}

/** A request that writes the registry: the background's matcher hears of it (registry-events.ts) wherever it ran. */
function writing(job: ListJobRunner, request: ListJobRequest): Promise<unknown> {
  return writingRegistry(() => askJob(job, request));
}

function describe(list: ListHead, keyFingerprint: string): Pick<Subscription, 'listId' | 'listName' | 'publisher' | 'homepage' | 'publicKey' | 'keyFingerprint' | 'version' | 'listUpdated' | 'models' | 'works'> {
  return {
    listId: list.id,
    listName: list.name,
    publisher: list.publisher.name,
    homepage: list.publisher.homepage,
    publicKey: list.publisher.publicKey,
    keyFingerprint,
    version: list.version,
    listUpdated: list.updated,
    models: list.models.length,
    works: list.workCount,
  };
}

/** Stores the job's verified edition: the subscription record first, so records never exist without one to remove them. */
async function install(db: RegistryDB, sub: Subscription, job: ListJobRunner, hooks: PhaseHooks): Promise<Subscription> {
  const existed = await getSubscription(db, sub.id);
  await hooks.phase?.('store', { subId: sub.id, before: existed ?? null });
  await putSubscription(db, sub);
  try {
    // A new list in bounded transactions (nothing to mix it with); an update in one, so it lands whole or not at all.
    await writing(job, { kind: 'store', source: sourceOf(sub), replace: !!existed });
  } catch (e) {
    if (existed) await putSubscription(db, { ...existed, checkedAt: sub.checkedAt, error: `could not store the update: ${String(e)}` });
    else await deleteSubscription(db, sub.id);
    throw e;
  }
  // Stored whole: a background stopped from here on must not put the previous record back over this edition.
  await hooks.phase?.('index');
  return sub;
}

/** Runs a list download; the background wraps it in the redirect guard (fetch-rules.ts), Node runs it bare. */
export type ListDownloadGuard = <T>(url: string, download: () => Promise<T>) => Promise<T>;
let guarded: ListDownloadGuard = (_url, download) => download();
export function guardListDownloads(guard: ListDownloadGuard): void {
  guarded = guard;
}

function newId(): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, 16);
}

export async function subscribeUrl(db: RegistryDB, url: string, now = Date.now(), hooks: PhaseHooks = {}): Promise<Subscription> {
  const href = new URL(url).href;
  const all = await listSubscriptions(db);
  if (all.some((s) => s.url === href)) throw new Error('you are already subscribed to this URL');
  const job = jobOf(db, hooks);
  await hooks.phase?.('download');
  const got = await guarded(href, () => askJob(job, { kind: 'fetch', url: href, validators: {} }));
  if (got.status !== 'ok') throw new Error('the server answered 304 Not Modified to a first request');
  await hooks.phase?.('verify');
  const { head: list, keyFingerprint }: ListChecked = await askJob(job, { kind: 'check' });
  const same = all.find((s) => s.publicKey === list.publisher.publicKey && s.listId === list.id);
  if (same) throw new Error(`this list ("${list.name}") is already subscribed${same.url ? ` from ${same.url}` : ' from a file'}`);
  const sub: Subscription = { id: newId(), url: href, ...describe(list, keyFingerprint), etag: got.etag, lastModified: got.lastModified, added: now, installedAt: now, checkedAt: now };
  return install(db, sub, job, hooks);
}

/** Adds a list from file text; a newer file of a list already added from a file updates it. */
export async function subscribeText(db: RegistryDB, text: string, now = Date.now(), hooks: PhaseHooks = {}): Promise<Subscription> {
  const job = jobOf(db, hooks);
  await hooks.phase?.('verify');
  const { head: list, keyFingerprint } = await askJob(job, { kind: 'check', text });
  const same = (await listSubscriptions(db)).find((s) => s.publicKey === list.publisher.publicKey && s.listId === list.id);
  if (same?.url) throw new Error(`this list ("${list.name}") is already subscribed from ${same.url}`);
  if (same && list.version < same.version) throw new Error(`this file holds version ${list.version}, older than the installed version ${same.version}`);
  const sub: Subscription = { id: same?.id ?? newId(), ...describe(list, keyFingerprint), added: same?.added ?? now, installedAt: now, checkedAt: now };
  return install(db, sub, job, hooks);
}

/**
 * Fetches a URL subscription again. Never throws for a bad update: the installed edition stays and `error` says
 * why. Returns the stored subscription as it is afterwards.
 */
export async function updateSubscription(db: RegistryDB, id: string, now = Date.now(), hooks: PhaseHooks = {}): Promise<Subscription> {
  const sub = await getSubscription(db, id);
  if (!sub) throw new Error('no such subscription');
  if (!sub.url) throw new Error('a list added from a file is updated by adding a newer file');
  try {
    const job = jobOf(db, hooks);
    const validators: Validators = { etag: sub.etag, lastModified: sub.lastModified };
    await hooks.phase?.('download');
    const got = await guarded(sub.url, () => askJob(job, { kind: 'fetch', url: sub.url!, validators }));
    if (got.status === 'not-modified') {
      const next = { ...sub, checkedAt: now, error: undefined };
      await putSubscription(db, next);
      return next;
    }
    await hooks.phase?.('verify');
    const { head: list, keyFingerprint } = await askJob(job, { kind: 'check' });
    if (list.publisher.publicKey !== sub.publicKey) {
      throw new Error(`the update is signed by another key (${keyFingerprint}) than the one subscribed to (${sub.keyFingerprint})`);
    }
    if (list.id !== sub.listId) throw new Error(`the URL now serves another list ("${list.id}", not "${sub.listId}")`);
    if (list.version < sub.version) throw new Error(`the server sent version ${list.version}, older than the installed version ${sub.version}`);
    const next: Subscription = { ...sub, ...describe(list, keyFingerprint), etag: got.etag, lastModified: got.lastModified, installedAt: now, checkedAt: now, error: undefined };
    return await install(db, next, job, hooks);
  } catch (e) {
    const failed = { ...((await getSubscription(db, id)) ?? sub), checkedAt: now, error: e instanceof Error ? e.message : String(e) };
    await putSubscription(db, failed);
    return failed;
  }
}

/** Every URL subscription in turn (the scheduled update). One failing list does not stop the others. */
export async function updateAll(db: RegistryDB, now = Date.now()): Promise<Subscription[]> {
  const out: Subscription[] = [];
  for (const s of await listSubscriptions(db)) if (s.url) out.push(await updateSubscription(db, s.id, now));
  return out;
}

/** Removes exactly the list's records and its subscription record. */
export async function removeSubscription(db: RegistryDB, id: string, hooks: PhaseHooks = {}): Promise<void> {
  await hooks.phase?.('remove', { subId: id, before: (await getSubscription(db, id)) ?? null });
  await writing(jobOf(db, hooks), { kind: 'remove', source: sourceOf({ id }) });
  await deleteSubscription(db, id);
}
