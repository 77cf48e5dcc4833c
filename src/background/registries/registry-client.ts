/**
 * Added registries: add (by manifest URL, or a manifest file with the address its files are served from), update,
 * remove, switch a publisher on or off. No browser API here (fetch and IndexedDB through src/storage), so the unit
 * tests run it in Node against a local HTTP server and fake-indexeddb.
 *
 * Rules, as for lists: a registry is stored only after its manifest's signature and every layer summary's hash
 * check out; the key that signed the first edition is pinned, an update signed by another key, an older edition
 * (rollback) or the same edition with other content is refused; an edition is written in one transaction; a failed
 * or refused update keeps the installed edition and records why.
 */
import { listPath, loadSummary, MAX_MANIFEST_BYTES, sha256Hex, verifyManifest, type RegistryManifest } from '../../lib/registry/index.js';
import type { RegistryPublisher, RegistryRecord } from '../../lib/protocol/index.js';
import type { RegistryDB } from '../../storage/db.js';
import { changeRegistry, deleteRegistry, getRegistry, getRegistryEdition, listRegistries, putRegistryEdition } from '../../storage/registries.js';
import { keyFingerprint } from '../../lib/list/index.js';
import type { PhaseHooks } from '../lists/subscriptions.js';
import { fetchRegistryFile, registryUrl } from './registry-fetch.js';
import { hostFiles, type Edition } from './registry-files.js';
import { registriesChanged } from './registry-events.js';

/** The publishers as the options page shows them; each links to its own signed list as the registry copied it. */
function publishersOf(m: RegistryManifest, base: string): RegistryPublisher[] {
  return m.publishers.map((p) => ({
    id: p.id,
    name: p.name,
    keyFingerprint: p.keyFingerprint,
    listUrl: registryUrl(base, listPath(p.listSha256)),
    works: p.works,
    firstRegistered: p.firstRegistered,
    verified: p.verifiedDomains,
    ...(p.revoked ? { revoked: p.revoked } : {}),
  }));
}

/** The edition's summaries (layers already held are not fetched again), each checked against the manifest's hash. */
async function summaryOf(base: string, manifest: RegistryManifest, held?: Edition): Promise<Edition['summary']> {
  return loadSummary(manifest, hostFiles(base, manifest).get, held?.summary);
}

/** The key a manifest names, read before it is checked (trust on first use, as a list's key at subscription). */
function namedKey(bytes: Uint8Array): string {
  try {
    const k = (JSON.parse(new TextDecoder().decode(bytes)) as { registryKey?: unknown }).registryKey;
    return typeof k === 'string' ? k : '';
  } catch {
    return '';
  }
}

async function verified(bytes: Uint8Array, key: string, previous?: number): Promise<RegistryManifest> {
  const r = await verifyManifest(bytes, key, previous);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The manifest's directory: its files are resolved against it. */
export function baseOf(url: string): string {
  return new URL('./', url).href;
}

async function store(db: RegistryDB, rec: RegistryRecord, edition: Edition, hooks: PhaseHooks): Promise<RegistryRecord> {
  await hooks.phase?.('store');
  const stored = await putRegistryEdition(db, rec, edition);
  registriesChanged();
  await hooks.phase?.('index');
  return stored;
}

async function install(db: RegistryDB, bytes: Uint8Array, src: { url?: string; base: string; etag?: string; lastModified?: string }, hooks: PhaseHooks, now: number): Promise<RegistryRecord> {
  await hooks.phase?.('verify');
  if (bytes.byteLength > MAX_MANIFEST_BYTES) throw new Error(`the manifest is larger than ${MAX_MANIFEST_BYTES / 1048576} MB`);
  const manifest = await verified(bytes, namedKey(bytes));
  const all = await listRegistries(db);
  const same = all.find((r) => r.publicKey === manifest.registryKey);
  // A registry restored from a backup without its edition is completed by adding it again (its id and switches kept).
  const restored = same && !(await getRegistryEdition(db, same.id)) ? same : undefined;
  if (same && !restored) throw new Error(`this registry ("${same.name}") is already added${same.url ? ` from ${same.url}` : ''}`);
  if (restored && manifest.edition < restored.edition) throw new Error(`this manifest is edition ${manifest.edition}, older than the edition ${restored.edition} the backup held: refused`);
  await hooks.phase?.('download');
  const summary = await summaryOf(src.base, manifest);
  const rec: RegistryRecord = {
    id: restored?.id ?? crypto.randomUUID().replaceAll('-', '').slice(0, 16),
    ...src,
    name: manifest.name,
    publicKey: manifest.registryKey,
    keyFingerprint: await keyFingerprint(manifest.registryKey),
    edition: manifest.edition,
    published: manifest.created,
    publishers: publishersOf(manifest, src.base),
    works: manifest.counts.works,
    off: restored?.off ?? [],
    added: restored?.added ?? now,
    installedAt: now,
    checkedAt: now,
  };
  return store(db, rec, { manifest, summary, manifestHash: await sha256Hex(bytes) }, hooks);
}

export async function addRegistryUrl(db: RegistryDB, url: string, now = Date.now(), hooks: PhaseHooks = {}): Promise<RegistryRecord> {
  const href = new URL(url).href;
  if ((await listRegistries(db)).some((r) => r.url === href)) throw new Error('this registry is already added');
  await hooks.phase?.('download');
  const got = await fetchRegistryFile(href, { maxBytes: MAX_MANIFEST_BYTES });
  if (got.status !== 'ok') throw new Error('the server answered 304 Not Modified to a first request');
  return install(db, got.bytes, { url: href, base: baseOf(href), etag: got.etag, lastModified: got.lastModified }, hooks, now);
}

/** A manifest file; its summaries, shards and packs are fetched from `base` (where the registry is served). */
export async function addRegistryFile(db: RegistryDB, text: string, base: string, now = Date.now(), hooks: PhaseHooks = {}): Promise<RegistryRecord> {
  const b = new URL(base);
  if (b.protocol !== 'https:' && b.protocol !== 'http:') throw new Error('a registry is served over http(s)');
  // The manifest's own address, or its directory.
  const dir = /\.json$/i.test(b.pathname) ? baseOf(b.href) : b.href.replace(/\/?$/, '/');
  return install(db, new TextEncoder().encode(text), { base: dir }, hooks, now);
}

/** Fetches the manifest again. Never throws for a bad update: the installed edition stays and `error` says why. */
export async function updateRegistry(db: RegistryDB, id: string, now = Date.now(), hooks: PhaseHooks = {}): Promise<RegistryRecord> {
  const rec = await getRegistry(db, id);
  if (!rec) throw new Error('no such registry');
  if (!rec.url) throw new Error('a registry added from a file is updated by adding a newer file');
  try {
    await hooks.phase?.('download');
    const got = await fetchRegistryFile(rec.url, { maxBytes: MAX_MANIFEST_BYTES, etag: rec.etag, lastModified: rec.lastModified });
    if (got.status === 'not-modified') return await note(db, rec, { checkedAt: now, error: undefined });
    await hooks.phase?.('verify');
    const manifest = await verified(got.bytes, rec.publicKey, rec.edition);
    const held = await getRegistryEdition<Edition['manifest'], Edition['summary']>(db, id) as Edition | undefined;
    const manifestHash = await sha256Hex(got.bytes);
    // Without the edition held (restored from a backup), the same edition is installed, not kept.
    if (manifest.edition === rec.edition && held) {
      if (held && manifestHash !== held.manifestHash) throw new Error(`the server sent edition ${manifest.edition} again with other content: refused`);
      return await note(db, rec, { etag: got.etag, lastModified: got.lastModified, checkedAt: now, error: undefined });
    }
    await hooks.phase?.('download');
    const summary = await summaryOf(rec.base, manifest, held);
    const next: RegistryRecord = { ...rec, name: manifest.name, edition: manifest.edition, published: manifest.created, publishers: publishersOf(manifest, rec.base), works: manifest.counts.works, etag: got.etag, lastModified: got.lastModified, installedAt: now, checkedAt: now, error: undefined };
    return await store(db, next, { manifest, summary, manifestHash }, hooks);
  } catch (e) {
    return note(db, rec, { checkedAt: now, error: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * An update's outcome written onto the record as it is now: a publisher switched while the update downloaded
 * stays switched, and a registry no longer there is not written back.
 */
async function note(db: RegistryDB, rec: RegistryRecord, outcome: Partial<RegistryRecord>): Promise<RegistryRecord> {
  return (await changeRegistry(db, rec.id, (now) => ({ ...now, ...outcome }))) ?? { ...rec, ...outcome };
}

/** Every URL registry in turn (the scheduled update); one failing does not stop the others. */
export async function updateAllRegistries(db: RegistryDB, now = Date.now()): Promise<RegistryRecord[]> {
  const out: RegistryRecord[] = [];
  for (const r of await listRegistries(db)) if (r.url) out.push(await updateRegistry(db, r.id, now));
  return out;
}

export async function removeRegistry(db: RegistryDB, id: string, hooks: PhaseHooks = {}): Promise<void> {
  await hooks.phase?.('remove');
  await deleteRegistry(db, id);
  registriesChanged();
}

/** Switches one publisher's works on or off for lookups. */
export async function setPublisher(db: RegistryDB, id: string, publisher: number, on: boolean): Promise<RegistryRecord> {
  // Not in the list operations' queue (a switch is instant): one transaction keeps a restore from being undone.
  const next = await changeRegistry(db, id, (rec) => {
    const off = new Set(rec.off);
    if (on) off.delete(publisher);
    else off.add(publisher);
    return { ...rec, off: [...off].sort((a, b) => a - b) };
  });
  if (!next) throw new Error('no such registry');
  registriesChanged();
  return next;
}
