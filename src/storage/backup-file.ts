/**
 * One backup file holding everything the user would lose with the profile: own registrations with thumbnails,
 * signing keys (secrets), subscriptions with their installed list records, settings, added registries (what
 * re-adds them, not their editions). Only derived stores are left
 * out: the fingerprint cache (refetched on demand) and the packed fingerprint index in `blobs` (typed arrays, rebuilt
 * from the works at the next start); a restore clears both so nothing stale survives it. Restoring replaces every backed-up store in ONE transaction, so a
 * backup lands whole or not at all; a broken or foreign file is refused before anything is touched. The user's
 * settings live in the settings item (lib/settings, storage.local), not IndexedDB: the file still carries them as
 * entries of its `settings` store (so older backups restore their settings into the item), and a restore writes the
 * item right after the transaction commits.
 */
import * as v from 'valibot';
import { MAX_BACKUP_BYTES, type BackupCounts, type RegistryRecord } from '../lib/protocol/index.js';
import { MAX_PUBLISHERS } from '../lib/registry/index.js';
import { HttpUrlSchema, LicenseeSchema, LicenseTermsSchema, megabytes, ModelSchema, PublicKeySchema, utf8Length, WorkSchema } from '../lib/list/index.js';
import { ThumbSchema } from '../lib/own/index.js';
import type { RegistryDB } from './db.js';
import { allOrNothing } from './registry.js';
import { writingRegistry } from './registry-events.js';
import { fetchesAfterRestore, idsOf, REGISTRY_FETCHES_KEY } from './registry-fetches.js';
import { SETTING_NAMES, settingsFrom, type SettingsItem } from '../lib/settings/index.js';

export { MAX_BACKUP_BYTES, type BackupCounts };

export const BACKUP_FORMAT = 'license-lens-backup';
export const BACKUP_VERSION = 1;

/** Stores whose records carry their own key (keyPath 'id'). */
const RECORD_STORES = ['creators', 'models', 'works', 'subscriptions'] as const;
/** Stores keyed out of line: backed up as [key, value] pairs. */
const KEYED_STORES = ['settings', 'secrets', 'thumbs'] as const;
export const BACKUP_STORES = [...RECORD_STORES, ...KEYED_STORES] as const;
/** Rebuilt from the backed-up stores: not saved, emptied by a restore. */
export const DERIVED_STORES = ['fingerprintCache', 'blobs'] as const;
/**
 * Added registries: saved as what re-adds one (address, pinned key, edition held, publishers switched off), never
 * their editions or fetched files (`registryData`, `registryCache`: large, and fetched again from the registry,
 * checked against the pinned key and refused below the saved edition: one queued registries/update each, backup-handlers.ts).
 * A backup written before registries were saved leaves all three stores as they are.
 */
export const REGISTRY_STORES = ['registries', 'registryData', 'registryCache'] as const;
/** Kept out of every backup and every restore. */
export const KEPT_STORES = [] as const;
type RecordStore = (typeof RECORD_STORES)[number];
type KeyedStore = (typeof KEYED_STORES)[number];

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(500));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** One added registry as a backup saves it: checked as strictly as the manifest that added it (lib/registry manifest.ts). */
const RegistrySaved = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a registry id is 1-64 letters, digits, - or _')),
  url: v.optional(HttpUrlSchema),
  base: v.pipe(HttpUrlSchema, v.endsWith('/', "a registry's base address ends with /")),
  name: v.pipe(v.string(), v.maxLength(200)),
  publicKey: PublicKeySchema,
  keyFingerprint: v.pipe(v.string(), v.regex(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/, 'a key fingerprint is 8 groups of 4 hex')),
  edition: v.pipe(count, v.minValue(1)),
  off: v.pipe(v.array(count), v.maxLength(MAX_PUBLISHERS)),
  added: count,
});
export type SavedRegistry = v.InferOutput<typeof RegistrySaved>;
const source = v.pipe(v.string(), v.regex(/^(own|demo|list:.+)$/, 'source must be own, demo or list:<id>'));
const entries = v.array(v.tuple([id, v.unknown()]));

/**
 * Loose objects: unknown fields are kept, so records come back exactly as they were stored. Every field the
 * extension reads is checked as strictly as a list checks it, with the list schema's own validators (one malformed
 * fingerprint restored used to stop every verdict: issue 19.3); a thumbnail as strictly as the options page's.
 */
const work = WorkSchema.entries;
const model = ModelSchema.entries;
const terms = LicenseTermsSchema.entries;
const BackupSchema = v.object({
  format: v.literal(BACKUP_FORMAT, 'not a License Lens backup file'),
  version: v.literal(BACKUP_VERSION, `this backup was written by another version of License Lens (this one reads version ${BACKUP_VERSION})`),
  created: v.string(),
  stores: v.object({
    creators: v.array(v.looseObject({ id, source, name: model.name, homepage: v.optional(HttpUrlSchema), contact: terms.contact, publicKey: v.optional(PublicKeySchema) })),
    models: v.array(v.looseObject({ id, source, creatorId: v.string(), name: model.name, version: model.version, baseModel: model.baseModel, hashes: model.hashes, license: model.license, licensees: v.array(LicenseeSchema) })),
    works: v.array(v.looseObject({ id, source, modelId: v.string(), title: work.title, fingerprints: work.fingerprints, detail: work.detail, size: work.size, chroma: work.chroma, sha256: work.sha256 })),
    subscriptions: v.array(v.looseObject({ id, url: v.optional(HttpUrlSchema), homepage: v.optional(HttpUrlSchema), publicKey: PublicKeySchema })),
    settings: entries,
    secrets: entries,
    thumbs: v.array(v.tuple([id, ThumbSchema])),
    /** Absent in backups written before registries were saved. */
    registries: v.optional(v.pipe(v.array(RegistrySaved), v.maxLength(100))),
  }),
});
export type Backup = v.InferOutput<typeof BackupSchema>;

export function countsOf(b: Backup): BackupCounts {
  const s = b.stores;
  return {
    creators: s.creators.length,
    models: s.models.length,
    works: s.works.length,
    subscriptions: s.subscriptions.length,
    settings: s.settings.length,
    secrets: s.secrets.length,
    thumbs: s.thumbs.length,
    registries: s.registries?.length ?? 0,
  };
}

/** Reads every backed-up store in one transaction, so the snapshot is consistent. */
export async function exportBackup(db: RegistryDB, settingsItem: SettingsItem, now = new Date()): Promise<Backup> {
  const tx = db.transaction([...BACKUP_STORES, 'registries'], 'readonly');
  const records = (store: RecordStore) => tx.objectStore(store).getAll() as Promise<unknown[]>;
  const keyed = async (store: KeyedStore): Promise<Array<[string, unknown]>> => {
    const [keys, values] = await Promise.all([tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()]);
    return keys.map((k, i) => [String(k), values[i]]);
  };
  const [registries, creators, models, works, subscriptions, stored, secrets, thumbs] = await Promise.all([
    tx.objectStore('registries').getAll() as unknown as Promise<RegistryRecord[]>,
    records('creators'),
    records('models'),
    records('works'),
    records('subscriptions'),
    keyed('settings'),
    keyed('secrets'),
    keyed('thumbs'),
  ]);
  await tx.done;
  const user = await settingsItem.read();
  const settings = [...SETTING_NAMES.map((k): [string, unknown] => [k, user[k]]), ...stored.filter(([k]) => !isSetting(k))];
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created: now.toISOString(),
    stores: { creators, models, works, subscriptions, settings, secrets, thumbs, registries: registries.map(savedRegistry) } as Backup['stores'],
  };
}

function savedRegistry(r: RegistryRecord): SavedRegistry {
  const { id, url, base, name, publicKey, keyFingerprint, edition, off, added } = r;
  return { id, ...(url ? { url } : {}), base, name, publicKey, keyFingerprint, edition, off, added };
}

/**
 * The file's text. A backup too large to restore is refused now rather than saved: the user would find out only
 * when the profile is gone.
 */
export function backupText(b: Backup, limit = MAX_BACKUP_BYTES): string {
  const text = `${JSON.stringify(b)}\n`;
  // Bytes, as the options page's file picker counts them (File.size): Chinese names take 3 bytes a character.
  const bytes = utf8Length(text);
  if (bytes > limit) {
    throw new Error(`the backup would be ${megabytes(bytes)} MB, over the ${megabytes(limit)} MB a backup may hold; remove works or lists you no longer need and try again`);
  }
  return text;
}

export function backupFilename(b: Pick<Backup, 'created'>): string {
  return `license-lens-backup-${b.created.slice(0, 10)}.json`;
}

/** Parses and checks a backup file's text; throws an Error whose message says what is wrong. Touches nothing. */
export function parseBackup(text: string): Backup {
  if (text.length > MAX_BACKUP_BYTES) throw new Error(`the backup is larger than ${MAX_BACKUP_BYTES / 1024 / 1024} MB`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the file is not JSON (is it a License Lens backup?)');
  }
  const r = v.safeParse(BackupSchema, json);
  if (!r.success) {
    const issue = r.issues[0];
    const path = v.getDotPath(issue);
    throw new Error(`not a valid backup: ${path ? `${path}: ` : ''}${issue.message}`.slice(0, 300));
  }
  const b = r.output;
  const regs = b.stores.registries ?? [];
  for (const [what, key] of [['id', (r: SavedRegistry) => r.id], ['key', (r: SavedRegistry) => r.publicKey]] as const) {
    if (new Set(regs.map(key)).size !== regs.length) throw new Error(`not a valid backup: two registries have the same ${what}`);
  }
  // Shards are fetched from `base` (updateRegistry): a base the address does not name would send lookups to a host the
  // registry never named. One added from a file (no url) is never fetched from its saved base: adding its manifest
  // again sets the base it is then served from (registry-client.ts install).
  const strayBase = regs.find((r) => r.url && r.base !== new URL('./', r.url).href);
  if (strayBase) throw new Error(`not a valid backup: registry ${strayBase.id}'s base ${strayBase.base} is not the folder of its address ${strayBase.url}`);
  for (const [store, list] of [['creators', b.stores.creators], ['models', b.stores.models], ['works', b.stores.works]] as const) {
    const seen = new Set<string>();
    for (const rec of list) {
      if (seen.has(rec.id)) throw new Error(`not a valid backup: ${store} holds ${rec.id} twice`);
      seen.add(rec.id);
    }
  }
  return b;
}

/**
 * Replaces the contents of every backed-up store with the backup's, in one transaction: if any write fails
 * (quota, a bad key) the transaction aborts and the stored state is exactly what it was before.
 */
export async function restoreBackup(db: RegistryDB, settingsItem: SettingsItem, b: Backup): Promise<BackupCounts> {
  const registries = b.stores.registries;
  const tx = db.transaction([...BACKUP_STORES, ...DERIVED_STORES, ...REGISTRY_STORES], 'readwrite');
  await writingRegistry(() => allOrNothing(tx, async (pending) => {
    const blobs = tx.objectStore('blobs');
    const fetches = fetchesAfterRestore(registries, idsOf(await blobs.get(REGISTRY_FETCHES_KEY)));
    for (const store of [...BACKUP_STORES, ...DERIVED_STORES, ...(registries ? REGISTRY_STORES : [])]) await tx.objectStore(store).clear();
    for (const r of registries ?? []) pending.push(tx.objectStore('registries').put(restoredRegistry(r) as never));
    // With the registries, in this transaction: a background stopped right after still fetches them (registry-fetches.ts).
    if (fetches.length) pending.push(blobs.put(fetches, REGISTRY_FETCHES_KEY));
    for (const store of RECORD_STORES) {
      const s = tx.objectStore(store);
      for (const rec of b.stores[store]) pending.push(s.put(rec as never));
    }
    for (const store of KEYED_STORES) {
      const s = tx.objectStore(store);
      for (const [key, value] of b.stores[store]) if (store !== 'settings' || !isSetting(key)) pending.push(s.put(value as never, key));
    }
  }));
  // Replaced, not merged: a setting the backup lacks comes back as its default. Open pages follow the item.
  await settingsItem.write(settingsFrom(Object.fromEntries(b.stores.settings.filter(([k]) => isSetting(k)))));
  return countsOf(b);
}

/**
 * A restored registry has no edition until it is fetched again (a queued registries/update) or its file is added
 * again: no publishers, no works, `installedAt` 0, which the options page shows as "not downloaded yet" (no stored text).
 */
function restoredRegistry(r: SavedRegistry): RegistryRecord {
  return { ...r, publishers: [], works: 0, installedAt: 0 };
}

function isSetting(key: string): boolean {
  return (SETTING_NAMES as string[]).includes(key);
}
