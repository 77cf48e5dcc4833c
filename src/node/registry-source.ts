/**
 * A registry read by the CLI and the Node library (docs/registry.md, docs/audit.md): from a folder (as `license-lens
 * registry build` wrote it) or over http(s) under the list download's rules (fetchCapped: a cap per kind of file,
 * 30 s, no truncated body, every redirect hop checked; a path must stay on the registry's origin). The manifest's
 * signature is checked against the key it names, pinned in the cache folder on first use (trust on first use, as the
 * extension pins a registry's key when it is added): another key or an older edition later is refused. Summaries,
 * shards and packs are checked by their SHA-256 before use (lib/registry), and fetched ones are kept in the cache
 * folder only once a lookup has checked them: they are named by their hash, so they never go stale.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fetchCapped, keyFingerprint } from '../lib/list/index.js';
import { Matcher, type Query } from '../lib/match/index.js';
import { loadSummary, lookupQuery, MAX_MANIFEST_BYTES, MAX_PACK_BYTES, MAX_SHARD_BYTES, verifyManifest, type GetFile, type RegistryManifest, type RegistrySummary } from '../lib/registry/index.js';
import type { RegistryContent, SourceId, WorkMatch } from '../lib/types.js';
import type { LoadedRegistry, RemoteSource } from '../core/index.js';

export const REGISTRY_TIMEOUT_MS = 30_000;

export interface OpenedRegistry {
  /** As given: a folder, a manifest file or an http(s) address. */
  address: string;
  /** Records are `registry:<id>/<publisher id>/...` (lib/registry registrySource). */
  id: string;
  manifest: RegistryManifest;
  keyFingerprint: string;
  summary: RegistrySummary;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** The manifest's address and the base its files are resolved against. */
function locate(address: string): { manifest: string; base: string; url: boolean } {
  if (isUrl(address)) {
    const u = new URL(address);
    const manifest = u.pathname.endsWith('/') ? new URL('manifest.json', u).href : u.href;
    return { manifest, base: new URL('./', manifest).href, url: true };
  }
  const p = resolve(address);
  const manifest = p.endsWith('.json') ? p : join(p, 'manifest.json');
  return { manifest, base: dirname(manifest), url: false };
}

function capOf(path: string, manifest: RegistryManifest | undefined): number {
  if (path.startsWith('shards/')) return MAX_SHARD_BYTES;
  if (path.startsWith('packs/')) return MAX_PACK_BYTES;
  const layer = manifest?.layers.find((l) => path === `summary/${l.summary}.bin`);
  if (layer) return layer.summaryBytes;
  throw new Error(`${path}: not a file of this registry`);
}

/** A registry file's bytes from its folder or host; only the paths the format names (hash-named, no `..`). */
function reader(loc: ReturnType<typeof locate>, manifest: RegistryManifest, cacheDir: string | undefined, fetched: Map<string, Uint8Array>): GetFile {
  return async (path) => {
    if (!/^(shards|packs|summary)\/[0-9a-f]{64}\.(json|bin)$/.test(path)) throw new Error(`${path}: not a file of this registry`);
    const cap = capOf(path, manifest);
    if (!loc.url) {
      const bytes = new Uint8Array(await readFile(join(loc.base, path)).catch(() => {
        throw new Error(`${path}: missing from the registry folder`);
      }));
      if (bytes.byteLength > cap) throw new Error(`${path} is larger than the limit for its kind`);
      return bytes;
    }
    if (cacheDir) {
      const held = await readFile(join(cacheDir, path)).catch(() => undefined);
      if (held) return new Uint8Array(held);
    }
    const url = new URL(path, loc.base);
    if (url.origin !== new URL(loc.base).origin) throw new Error(`the registry names a file on another host (${url.host}); refused`);
    const r = await fetchCapped(url.href, {}, { maxBytes: cap, timeoutMs: REGISTRY_TIMEOUT_MS, checkRedirects: true }, path.split('/')[0]!.replace(/s$/, ''));
    if (r.status !== 'ok') throw new Error(`${path}: the server answered 304 to a fresh request`);
    fetched.set(path, r.bytes);
    return r.bytes;
  };
}

/** Files fetched during a lookup that checked them all: kept, each written whole (a temporary name, then renamed). */
async function keep(cacheDir: string | undefined, fetched: Map<string, Uint8Array>): Promise<void> {
  if (!cacheDir) return;
  for (const [path, bytes] of fetched) {
    const to = join(cacheDir, path);
    await mkdir(dirname(to), { recursive: true });
    await writeFile(`${to}.tmp`, bytes);
    await rename(`${to}.tmp`, to);
  }
  fetched.clear();
}

interface Pin {
  publicKey: string;
  edition: number;
}

async function readPins(file: string): Promise<Record<string, Pin>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, Pin>;
  } catch {
    return {};
  }
}

/**
 * Reads and checks a registry's manifest and summary. `cacheDir` (the audit cache's `registry/` folder): where the
 * key is pinned, the edition remembered and fetched files kept; none: the manifest's own key is trusted for this run.
 */
export async function openRegistry(address: string, cacheDir?: string): Promise<OpenedRegistry> {
  const loc = locate(address);
  let bytes: Uint8Array;
  if (loc.url) {
    const r = await fetchCapped(loc.manifest, {}, { maxBytes: MAX_MANIFEST_BYTES, timeoutMs: REGISTRY_TIMEOUT_MS, checkRedirects: true }, 'manifest');
    if (r.status !== 'ok') throw new Error(`${address}: the server answered 304 to a fresh request`);
    bytes = r.bytes;
  } else {
    bytes = new Uint8Array(await readFile(loc.manifest).catch(() => {
      throw new Error(`${address}: no registry manifest at ${loc.manifest}`);
    }));
  }
  let named = '';
  try {
    const k = (JSON.parse(new TextDecoder().decode(bytes)) as { registryKey?: unknown }).registryKey;
    if (typeof k === 'string') named = k;
  } catch {
    // verifyManifest says what is wrong
  }
  const pinsFile = cacheDir ? join(cacheDir, 'pinned.json') : undefined;
  const pins = pinsFile ? await readPins(pinsFile) : {};
  const pin = pins[loc.manifest];
  if (pin && named && pin.publicKey !== named) {
    throw new Error(`${address}: the manifest is signed by another key than the one this cache pinned for this registry; refused (remove ${pinsFile} to trust the new key)`);
  }
  const v = await verifyManifest(bytes, pin?.publicKey ?? named, pin?.edition);
  if (!v.ok) throw new Error(`${address}: ${v.error}`);
  const manifest = v.value;
  const fetched = new Map<string, Uint8Array>();
  const get = reader(loc, manifest, cacheDir, fetched);
  const summary = await loadSummary(manifest, get).catch((e: unknown) => {
    throw new Error(`${address}: ${e instanceof Error ? e.message : String(e)}`);
  });
  await keep(cacheDir, fetched);
  if (pinsFile) {
    pins[loc.manifest] = { publicKey: manifest.registryKey, edition: manifest.edition };
    await mkdir(dirname(pinsFile), { recursive: true });
    await writeFile(pinsFile, JSON.stringify(pins, null, 1));
  }
  const id = createHash('sha256').update(manifest.registryKey).digest('hex').slice(0, 16);
  return { address, id, manifest, keyFingerprint: await keyFingerprint(manifest.registryKey), summary };
}

/** Records by publisher as their source (`registry:<id>/<publisher>`), each once, as the extension's lookup does. */
function perPublisher(content: RegistryContent, id: string): RegistryContent {
  const prefix = `registry:${id}/`;
  const pub = (rid: string) => Number(rid.slice(prefix.length).split('/')[0]);
  const each = <T extends { id: string; source: SourceId }>(xs: T[]) => [...new Map(xs.map((x) => [x.id, { ...x, source: `${prefix}${pub(x.id)}` as SourceId }])).values()];
  return { creators: each(content.creators), models: each(content.models), works: each(content.works) };
}

/**
 * The matches a query finds in the registries, for `MatchSources.remote`: keys against the summary first (none pass:
 * nothing read), then the shards and packs, checked by hash; the works found go through the same Matcher as a list's.
 * A file refused or unreachable is the image's error (imageVerdict says it when nothing else matched).
 */
export function registryRemote(registries: OpenedRegistry[], cacheDir?: string) {
  return async (query: Query, pageUrl: string): Promise<{ matches: WorkMatch[]; error?: string }> => {
    const matches: WorkMatch[] = [];
    let error: string | undefined;
    for (const r of registries) {
      try {
        const loc = locate(r.address);
        const fetched = new Map<string, Uint8Array>();
        const found = await lookupQuery(r.manifest, r.id, r.summary, query, reader(loc, r.manifest, cacheDir, fetched));
        await keep(cacheDir, fetched);
        const content = perPublisher(found.content, r.id);
        if (content.works.length) matches.push(...new Matcher(content).match(query, pageUrl));
      } catch (e) {
        error ??= `registry “${r.manifest.name}”: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    return { matches, ...(error ? { error } : {}) };
  };
}

/** Registries opened and checked, as the Checker's remote source (Checker.fromLists, the audit). */
export async function registrySource(addresses: string[], cacheDir?: string): Promise<RemoteSource | undefined> {
  if (!addresses.length) return undefined;
  const opened: OpenedRegistry[] = [];
  for (const a of addresses) opened.push(await openRegistry(a, cacheDir));
  return { registries: opened.map(loadedOf), remote: registryRemote(opened, cacheDir) };
}

function loadedOf(r: OpenedRegistry): LoadedRegistry {
  const m = r.manifest;
  return {
    address: r.address,
    name: m.name,
    edition: m.edition,
    keyFingerprint: r.keyFingerprint,
    id: r.id,
    publishers: m.publishers.map((p) => ({ id: p.id, name: p.name, keyFingerprint: p.keyFingerprint, verified: p.verifiedDomains, ...(p.revoked ? { revoked: p.revoked } : {}) })),
  };
}
