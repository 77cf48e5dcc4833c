/**
 * Long list operations (subscribe, update, remove) run over a runtime.Port that the options page opens, instead
 * of a sendMessage awaiting its reply: Firefox (ESR 153) unloads an idle event page after 30 s even while a
 * sendMessage reply is pending, so a subscription to a slow server died with "Receiving end does not exist". The
 * page pings over the port while the operation runs (each message is an event, which resets the idle timer of
 * Firefox's event page and of Chrome's service worker, 110+), and the background reports each phase.
 */
import type { ListOpOutcome, MessageName, Request, Response, Result } from './messages.js';

export const LIST_OP_PORT = 'lists/op';
/** Well inside both browsers' 30 s idle timeout, and inside the 3 s one a test sets (list-lifecycle.e2e). */
export const LIST_OP_KEEPALIVE_MS = 1_000;

/** Registry operations take the same port, queue and records: one operation at a time, lists and registries alike. */
export const LIST_OPS = [
  'lists/subscribe-url', 'lists/subscribe-file', 'lists/update', 'lists/remove',
  'registries/add-url', 'registries/add-file', 'registries/update', 'registries/remove',
] as const satisfies readonly MessageName[];
export type ListOpName = (typeof LIST_OPS)[number];

export type ListPhase = 'download' | 'verify' | 'store' | 'index' | 'remove';

/** Page to background: the operation (first message, an envelope of the message table), then pings. */
export type ListOpRequest = { [K in ListOpName]: { type: K; payload: Request<K> } }[ListOpName] | { ping: true };

/** Background to page: the operation's id, a pong for each ping, each phase as it begins, and finally its result. */
export type ListOpReply<K extends ListOpName = ListOpName> = { op: string } | { pong: true } | { phase: ListPhase } | { result: Result<Response<K>> };

/**
 * A page that hears nothing back for this long takes the background for gone: Chromium (156) does not always tell
 * a port that the worker behind it was stopped. Far above the stalls bench:list-load measures on a loaded machine.
 */
export const LIST_OP_SILENCE_MS = 20_000;

export type { ListOpOutcome };

/** How a phase reads in an English error (the background's errors are English, as the rest of its messages). */
export const PHASE_WORDS: Record<ListPhase | 'start', string> = {
  start: 'starting',
  download: 'downloading the list',
  verify: 'checking the list',
  store: 'storing the list',
  index: 'updating the fingerprint index',
  remove: 'removing the list',
};
