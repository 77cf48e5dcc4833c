/**
 * Runs the list operations (subscribe, update, remove), one at a time, each with a record in storage of its
 * phase. The browser may stop the background in the middle (Firefox after 30 s without events; Chrome when the
 * worker is killed): the next background finds the record, repairs what the operation left half-done and keeps
 * its outcome for the options page to ask about (lists/op-result), so the user reads what happened, not
 * "Receiving end does not exist".
 */
import { PHASE_WORDS, type ListOpName, type ListOpOutcome, type ListPhase, type Request, type Response } from '../../lib/protocol/index.js';
import type { RegistryDB } from '../../storage/db.js';
import { clearListOp, readListOp, writeListOp, type ListOpRecord } from '../../storage/list-op.js';
import { removeSourceInChunks } from '../../storage/registry.js';
import { deleteSubscription, listSubscriptions, putSubscription, sourceOf } from '../../storage/subscriptions.js';
import { askJob } from '../../list-worker/runner.js';
import { matcherBuiltBy, ready } from '../state.js';
import { isUnloading } from '../unloading.js';
import { startListJob, stopStrayListJobs } from './list-jobs.js';
import { removeSubscription, subscribeText, subscribeUrl, updateSubscription, type PhaseHooks } from './subscriptions.js';
import { addRegistryFile, addRegistryUrl, removeRegistry, updateRegistry } from '../registries/registry-client.js';
import { listRegistries } from '../../storage/registries.js';
import { dropRegistryFetch, readRegistryFetches } from '../../storage/registry-fetches.js';

/** This background instance: a 'running' record naming another one was cut short. */
const RUNNER = crypto.randomUUID();
let queue: Promise<unknown> = Promise.resolve();
let recovery: Promise<void> | undefined;

export interface OpListener {
  started?(id: string): void;
  phase?(p: ListPhase): void;
}

/** Runs one operation after those already queued. */
export function runListOp<K extends ListOpName>(type: K, payload: Request<K>, listener: OpListener = {}): Promise<Response<K>> {
  return inListQueue(() => exec(type, payload, listener));
}

/**
 * Runs `work` in the list operations' queue, after an interrupted operation is repaired: a backup restore, which
 * replaces the subscriptions, the registry and the operation record, so it never lands in the middle of a
 * subscribe or a removal (whose later writes would mix a list into the restored state).
 */
export function inListQueue<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(recovered).then(work);
  queue = run.catch(() => undefined);
  return run;
}

async function exec<K extends ListOpName>(type: K, payload: Request<K>, listener: OpListener): Promise<Response<K>> {
  await recovered();
  const db = await ready();
  const rec: Extract<ListOpRecord, { state: 'running' }> = { id: crypto.randomUUID(), type, state: 'running', runner: RUNNER, phase: 'start', startedAt: Date.now() };
  await writeListOp(db, rec);
  listener.started?.(rec.id);
  const job = await startListJob();
  const hooks: PhaseHooks = {
    job,
    async phase(p, target) {
      Object.assign(rec, { phase: p }, target);
      await writeListOp(db, rec);
      listener.phase?.(p);
    },
  };
  const changed = () => rec.phase === 'store' || rec.phase === 'remove' || rec.phase === 'index';
  try {
    const value = await perform(db, type, payload, hooks);
    if (changed()) {
      await hooks.phase!('index');
      // Built now, off this thread, while the user watches the progress line, rather than by the next page scan.
      await matcherBuiltBy(() => askJob(job, { kind: 'index' })).catch((e: unknown) => console.warn('[License Lens] fingerprint index not rebuilt yet:', e));
    }
    return value;
  } finally {
    job.end();
    // A failure while the page unloads is the unload's (unloading.ts): the record stays for the next background.
    if (!isUnloading()) {
      // A restored registry's fetch is done once an update of it finished (its outcome is on its record) or it is gone.
      if (type === 'registries/update' || type === 'registries/remove') {
        await dropRegistryFetch(db, (payload as { id: string }).id).catch((e: unknown) => console.warn('[License Lens] restored registry fetch not dropped:', e));
      }
      await clearListOp(db, rec.id);
    }
  }
}

async function perform<K extends ListOpName>(db: RegistryDB, type: K, payload: Request<K>, hooks: PhaseHooks): Promise<Response<K>> {
  const p = payload as Record<string, string>;
  switch (type) {
    case 'lists/subscribe-url':
      return (await subscribeUrl(db, p.url!, Date.now(), hooks)) as Response<K>;
    case 'lists/subscribe-file':
      return (await subscribeText(db, p.text!, Date.now(), hooks)) as Response<K>;
    case 'lists/update':
      return (await updateSubscription(db, p.id!, Date.now(), hooks)) as Response<K>;
    case 'lists/remove':
      await removeSubscription(db, p.id!, hooks);
      return (await listSubscriptions(db)) as Response<K>;
    case 'registries/add-url':
      return (await addRegistryUrl(db, p.url!, Date.now(), hooks)) as Response<K>;
    case 'registries/add-file':
      return (await addRegistryFile(db, p.text!, p.base!, Date.now(), hooks)) as Response<K>;
    case 'registries/update':
      return (await updateRegistry(db, p.id!, Date.now(), hooks)) as Response<K>;
    case 'registries/remove':
      await removeRegistry(db, p.id!, hooks);
      return (await listRegistries(db)) as Response<K>;
    default:
      // A new operation must be handled here: never fall through to one of the above (a removal, say).
      throw new Error(`unknown list operation ${String(type satisfies never)}`);
  }
}

/**
 * Looks once per background start for an operation a stopped background left, and repairs it; then queues the
 * fetches a restore left (storage/registry-fetches.ts), which run after it.
 */
export function recovered(): Promise<void> {
  recovery ??= ready()
    .then(recover)
    .catch((e: unknown) => console.warn('[License Lens] could not check for an interrupted list operation:', e))
    .then(fetchRestoredRegistries);
  return recovery;
}

/**
 * Queues one registries/update for each registry a restore left to fetch (not awaited: recovered() runs before
 * every queued operation). One already queued for the same registry makes the later one a conditional request.
 */
export async function fetchRestoredRegistries(): Promise<void> {
  try {
    for (const id of await readRegistryFetches(await ready())) {
      void runListOp('registries/update', { id }).catch((e: unknown) => console.warn('[License Lens] restored registry', id, e));
    }
  } catch (e) {
    console.warn('[License Lens] could not read the registries a restore left to fetch:', e);
  }
}

async function recover(db: RegistryDB): Promise<void> {
  const rec = await readListOp(db);
  if (rec?.state !== 'running' || rec.runner === RUNNER) return;
  await stopStrayListJobs();
  // A registry operation goes through the same phases: its words name the registry.
  const words = rec.type.startsWith('registries/') ? PHASE_WORDS[rec.phase].replace('the list', 'the registry') : PHASE_WORDS[rec.phase];
  const cut = `the extension's background was stopped by the browser while ${words}`;
  let outcome: Exclude<ListOpOutcome, { state: 'running' | 'unknown' }>;
  if (rec.phase === 'remove' && rec.subId) {
    // A removal is finished: the user asked for it, and half of one would leave works nobody can remove.
    await removeSubscription(db, rec.subId);
    outcome = { state: 'completed' };
  } else if (rec.phase === 'index') {
    outcome = { state: 'completed' }; // the edition was stored whole; only the index is left, rebuilt on demand
  } else if (rec.phase === 'store' && rec.subId) {
    // replaceSource is one transaction: the records are the old edition's (or none). Put the record back to match.
    if (rec.before) {
      await putSubscription(db, { ...rec.before, checkedAt: Date.now(), error: `${cut}; the previous version is still in use` });
    } else {
      await removeSourceInChunks(db, sourceOf({ id: rec.subId }));
      await deleteSubscription(db, rec.subId);
    }
    outcome = { state: 'interrupted', error: `${cut}; nothing was changed. Try again.` };
  } else {
    outcome = { state: 'interrupted', error: `${cut}; nothing was changed. Try again.` };
  }
  await writeListOp(db, { id: rec.id, type: rec.type, at: Date.now(), ...outcome });
}

/** What became of operation `id`, for a page whose port closed before its result came. */
export async function listOpOutcome(id: string): Promise<ListOpOutcome> {
  await recovered();
  const rec = await readListOp(await ready());
  if (rec?.id !== id) return { state: 'unknown' };
  if (rec.state === 'running') return { state: 'running' };
  return rec.state === 'interrupted' ? { state: 'interrupted', error: rec.error } : { state: 'completed' };
}
