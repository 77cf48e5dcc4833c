/**
 * Fetching a page image from the background with its host permissions: the browser's cache first
 * (`cache: 'force-cache'`), no cookies, the page as referrer (referer.ts), and the limits of limits.ts: a time
 * limit for the whole response and a byte cap enforced while reading, so a huge or endless body is cut off early.
 */
import { readCapped } from '../lib/read-capped.js';
import { LIMITS, SkipError } from './limits.js';

export interface Fetched {
  bytes: Uint8Array;
  /** Response validators, part of the fingerprint cache key when the server gives them. */
  etag?: string;
  lastModified?: string;
}

const MB = 1024 * 1024;
export const tooLargeReason = `larger than ${LIMITS.maxBytes / MB} MB`;

/**
 * Why a response is refused from its status and headers alone, before any body is read; the same rules for the
 * background's fetch and for a page response read in passing (background/scan/capture.ts).
 */
export function responseRefusal(status: number, contentType: string, declaredLength: number): string | undefined {
  if (status < 200 || status > 299) return `HTTP ${status}`;
  if (/^(text\/html|application\/json)/i.test(contentType)) return `served as ${contentType.split(';')[0]}, not an image`;
  if (declaredLength > LIMITS.maxBytes) return tooLargeReason;
  return undefined;
}

export async function fetchImage(url: string, signal?: AbortSignal): Promise<Fetched> {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (!['http', 'https', 'data'].includes(scheme)) throw new SkipError(`${scheme}: URLs are not fetched`);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), LIMITS.fetchTimeoutMs);
  signal?.addEventListener('abort', () => ctrl.abort());
  try {
    const res = await fetch(url, { signal: ctrl.signal, cache: 'force-cache', credentials: 'omit' });
    const refusal = responseRefusal(res.status, res.headers.get('content-type') ?? '', Number(res.headers.get('content-length')));
    if (refusal) throw new SkipError(refusal);
    const bytes = await readBody(res, ctrl);
    return { bytes, etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined };
  } catch (e) {
    if (ctrl.signal.aborted && !(e instanceof SkipError)) throw new SkipError(`no complete answer within ${LIMITS.fetchTimeoutMs / 1000} s`);
    if (e instanceof TypeError) throw new SkipError(`network error (${e.message})`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(res: Response, ctrl: AbortController): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const bytes = await readCapped(res.body, LIMITS.maxBytes);
  if (bytes) return bytes;
  ctrl.abort();
  throw new SkipError(tooLargeReason);
}

/** The bytes only (the options page's "register from a URL" uses this), with the same limits. */
export async function fetchBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  return (await fetchImage(url, signal)).bytes;
}
