/**
 * Every request the extension makes to a registry host. A path is resolved against the registry's base and must
 * stay on its origin (a manifest cannot send lookups elsewhere); the request carries no cookie, no Referer and
 * nothing about the page (paths name bucket ids and content hashes only); bodies are capped while read and a
 * server that stalls is cut off. In the background the redirect guard wraps it (fetch-rules.ts, `guardRegistry`).
 */
import { readCapped } from '../../lib/read-capped.js';

export const REGISTRY_FETCH_TIMEOUT_MS = 30_000;

export class RegistryFetchError extends Error {}

export interface Fetched {
  status: 'ok' | 'not-modified';
  bytes: Uint8Array;
  etag?: string;
  lastModified?: string;
}

export type Guard = <T>(url: string, run: () => Promise<T>) => Promise<T>;
let guard: Guard = (_url, run) => run();
/** The background installs the redirect guard here (index.ts); Node tests run bare. */
export function guardRegistryFetches(g: Guard): void {
  guard = g;
}

/** `path` resolved against `base`, refused when it leaves the base's origin or scheme. */
export function registryUrl(base: string, path: string): string {
  const b = new URL(base);
  const u = new URL(path, b);
  if (u.origin !== b.origin) throw new RegistryFetchError(`the registry names a file on another host (${u.host}); refused`);
  return u.href;
}

export interface FetchOpts {
  maxBytes: number;
  etag?: string;
  lastModified?: string;
  timeoutMs?: number;
}

export async function fetchRegistryFile(url: string, opts: FetchOpts): Promise<Fetched> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RegistryFetchError('registries are fetched over http(s) only');
  const ms = opts.timeoutMs ?? REGISTRY_FETCH_TIMEOUT_MS;
  const headers: Record<string, string> = {};
  if (opts.etag) headers['If-None-Match'] = opts.etag;
  if (opts.lastModified) headers['If-Modified-Since'] = opts.lastModified;
  return guard(parsed.href, async () => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), ms);
    try {
      const res = await fetch(parsed.href, { headers, signal: ctrl.signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'follow' });
      if (res.status === 304) return { status: 'not-modified', bytes: new Uint8Array() };
      if (!res.ok) throw new RegistryFetchError(`${parsed.pathname}: the server answered HTTP ${res.status}`);
      const declared = Number(res.headers.get('content-length'));
      if (declared > opts.maxBytes) throw new RegistryFetchError(`${parsed.pathname} is larger than the ${sizeText(opts.maxBytes)} limit (${declared} bytes declared)`);
      const bytes = res.body ? await readCapped(res.body, opts.maxBytes) : new Uint8Array(await res.arrayBuffer());
      if (!bytes || bytes.byteLength > opts.maxBytes) {
        ctrl.abort();
        throw new RegistryFetchError(`${parsed.pathname} is larger than the ${sizeText(opts.maxBytes)} limit; download stopped`);
      }
      return { status: 'ok', bytes, etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined };
    } catch (e) {
      if (e instanceof RegistryFetchError) throw e;
      if (ctrl.signal.aborted) throw new RegistryFetchError(`${parsed.pathname}: no complete answer within ${ms / 1000} s`);
      throw new RegistryFetchError(`${parsed.pathname}: download failed (${e instanceof Error ? e.message : String(e)})`);
    } finally {
      clearTimeout(timer);
    }
  });
}

function sizeText(n: number): string {
  return n >= 1048576 ? `${Math.round(n / 1048576)} MB` : `${Math.round(n / 1024)} KB`;
}
