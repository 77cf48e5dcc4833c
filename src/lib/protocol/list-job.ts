/**
 * The heavy half of a list operation, run off the background's thread (src/list-worker/): downloading, parsing,
 * checking and verifying a list (JSON.parse of 19 MiB and its canonical encoding are single steps of seconds
 * that no time slicing splits), writing its records and building the fingerprint index. The background keeps the
 * decisions (which subscription, key pinning, versions, the operation record) and sends small requests; the worker
 * answers with small values, never the works, so no large message is copied onto the background's thread.
 * Chrome runs the worker in the offscreen document (a service worker cannot start one), reached with the
 * envelope below; Firefox's event page starts it itself.
 */
import type { Validators } from '../list/fetch.js';
import type { LicenseList } from '../list/schema.js';
import type { SourceId } from '../types.js';

export const LIST_JOB_TARGET = 'offscreen/list-job';

export type ListJobRequest =
  /** Download with the validators; the text stays in the worker for `check`. */
  | { kind: 'fetch'; url: string; validators: Validators }
  /** Check and verify `text` (a file the user chose) or the downloaded text; the list stays in the worker for `store`. */
  | { kind: 'check'; text?: string }
  /** Store the kept list as `source`'s records: in one transaction when `replace` (an update), else bounded. */
  | { kind: 'store'; source: SourceId; replace: boolean }
  | { kind: 'remove'; source: SourceId }
  /** Build the fingerprint index from the stored works and store it, so the background only loads it. */
  | { kind: 'index' };

export type ListFetched = { status: 'not-modified' } | { status: 'ok'; etag?: string; lastModified?: string };

/** A checked list as the background needs it: everything but its works, and how many there are. */
export type ListHead = Omit<LicenseList, 'works'> & { workCount: number };
export type ListChecked = { head: ListHead; keyFingerprint: string };

/** What each request answers. */
export interface ListJobValues {
  fetch: ListFetched;
  check: ListChecked;
  store: null;
  remove: null;
  index: null;
}
export type ListJobValue = ListJobValues[ListJobRequest['kind']];
export type ListJobReply<T = ListJobValue> = { ok: true; value: T } | { ok: false; error: string };

/** Chrome: the service worker to the offscreen document, about job `job` (one worker each, ended by `end`). */
export type ListJobEnvelope = { target: typeof LIST_JOB_TARGET; job: string } & ({ request: ListJobRequest } | { end: true });

export function isListJobEnvelope(m: unknown): m is ListJobEnvelope {
  const e = m as Partial<ListJobEnvelope> | null;
  return typeof e === 'object' && e !== null && e.target === LIST_JOB_TARGET && typeof e.job === 'string' && ('end' in e || typeof (e as { request?: { kind?: unknown } }).request?.kind === 'string');
}

/** A reply as the background reads it: anything of another shape is a failure, said in words. */
export function readListJobReply(m: unknown): ListJobReply {
  const r = m as Partial<{ ok: unknown; value: unknown; error: unknown }> | null;
  if (r?.ok === true && 'value' in r) return { ok: true, value: r.value as ListJobValue };
  if (r?.ok === false && typeof r.error === 'string') return { ok: false, error: r.error };
  return { ok: false, error: 'the list worker gave no answer' };
}
