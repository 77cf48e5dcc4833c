/**
 * Downloads a list with conditional-request validators and hard limits: a body larger than MAX_LIST_BYTES is
 * refused from its Content-Length or, when that is absent or false, as soon as the bytes read pass the limit
 * (the rest is never buffered); a connection dropped mid-body and a server that stalls are errors, never a
 * truncated list. Runs in the background and in Node (tests, CLI). In the background, session rules refuse a
 * redirect to a local address (background/scan/fetch-rules.ts); Node has no such rules, so the CLI asks for
 * `checkRedirects`: each hop is followed by hand and one to a local address is refused unless the list's own URL
 * is local.
 */
import { readCapped } from '../read-capped.js';
import { isLocalHost } from '../page/url-guard.js';
import { MAX_LIST_BYTES } from './schema.js';

export const LIST_FETCH_TIMEOUT_MS = 60_000;
export const MAX_LIST_REDIRECTS = 5;

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchedList = { status: 'not-modified' } | { status: 'ok'; text: string; etag?: string; lastModified?: string };

export class ListFetchError extends Error {}

export interface FetchOptions {
  maxBytes?: number;
  timeoutMs?: number;
  checkRedirects?: boolean;
}

export async function fetchList(url: string, validators: Validators = {}, opts: FetchOptions = {}): Promise<FetchedList> {
  const r = await fetchCapped(url, validators, opts, 'list');
  if (r.status !== 'ok') return r;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes);
  } catch {
    throw new ListFetchError('the list is not UTF-8 text');
  }
  return { status: 'ok', text, etag: r.etag, lastModified: r.lastModified };
}

export type FetchedBytes = { status: 'not-modified' } | { status: 'ok'; bytes: Uint8Array; etag?: string; lastModified?: string };

/**
 * The download under a list's rules (cap, timeout, no truncated body, redirect hops checked on request) as bytes:
 * also what the CLI reads a registry's files with (src/node/registry-source.ts), each with its own cap. `what`
 * names the file in messages ("list", "manifest", ...).
 */
export async function fetchCapped(url: string, validators: Validators = {}, opts: FetchOptions = {}, what = 'list'): Promise<FetchedBytes> {
  const maxBytes = opts.maxBytes ?? MAX_LIST_BYTES;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ListFetchError('not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ListFetchError(`${what === 'list' ? 'lists are' : `a ${what} is`} fetched over http(s) only`);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? LIST_FETCH_TIMEOUT_MS);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (validators.etag) headers['If-None-Match'] = validators.etag;
  if (validators.lastModified) headers['If-Modified-Since'] = validators.lastModified;
  try {
    // no-store: the validators above are ours, so the browser's HTTP cache must not answer for the server.
    const init: RequestInit = { headers, signal: ctrl.signal, cache: 'no-store', credentials: 'omit', redirect: opts.checkRedirects ? 'manual' : 'follow' };
    const res = opts.checkRedirects ? await fetchCheckingHops(parsed, init, what) : await fetch(parsed.href, init);
    if (res.status === 304) return { status: 'not-modified' };
    if (!res.ok) throw new ListFetchError(`the server answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length'));
    if (declared > maxBytes) throw new ListFetchError(`the ${what} is larger than the ${sizeText(maxBytes)} limit (${declared} bytes declared)`);
    const bytes = await readBytes(res, maxBytes, ctrl, what);
    return { status: 'ok', bytes, etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined };
  } catch (e) {
    if (e instanceof ListFetchError) throw e;
    if (ctrl.signal.aborted) throw new ListFetchError(`no complete answer within ${(opts.timeoutMs ?? LIST_FETCH_TIMEOUT_MS) / 1000} s`);
    throw new ListFetchError(`download failed (${e instanceof Error ? e.message : String(e)}): the connection was refused or dropped`);
  } finally {
    clearTimeout(timer);
  }
}

/** Follows up to MAX_LIST_REDIRECTS hops by hand (Node's fetch shows `redirect: 'manual'` answers' Location). */
async function fetchCheckingHops(start: URL, init: RequestInit, what: string): Promise<Response> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const res = await fetch(url.href, init);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || res.status === 304 || !location) return res;
    await res.body?.cancel();
    if (hop === MAX_LIST_REDIRECTS) throw new ListFetchError(`more than ${MAX_LIST_REDIRECTS} redirects`);
    const next = new URL(location, url);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new ListFetchError(`redirected to ${next.protocol} (${what === 'list' ? 'lists are' : `a ${what} is`} fetched over http(s) only)`);
    if (isLocalHost(next.hostname) && !isLocalHost(start.hostname)) throw new ListFetchError(`redirected to a local address (${next.host}); refused`);
    url = next;
  }
}

async function readBytes(res: Response, maxBytes: number, ctrl: AbortController, what: string): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const bytes = await readCapped(res.body, maxBytes);
  if (!bytes) {
    ctrl.abort();
    throw new ListFetchError(`the ${what} is larger than the ${sizeText(maxBytes)} limit; download stopped`);
  }
  return bytes;
}

/** "20 MB" for whole megabytes (the list's messages, unchanged), else KB. */
const sizeText = (n: number) => (n % 1048576 === 0 || n >= 1048576 ? `${Math.round((n / 1048576) * 100) / 100} MB` : `${Math.round(n / 1024)} KB`);
