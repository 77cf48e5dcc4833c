/**
 * The one module that opens IndexedDB. The schema is versioned: UPGRADES[i] takes a database from version i to
 * i + 1, and idb's `upgrade` runs every step between the stored version and DB_VERSION in order, inside the
 * version-change transaction (so a failed step leaves the old database untouched). Tests open databases written
 * at each earlier version and check nothing is lost.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Creator, Model, SourceId, Work } from '../lib/types.js';

export const DB_NAME = 'license-lens';

export interface RegistrySchema extends DBSchema {
  creators: { key: string; value: Creator; indexes: { source: SourceId } };
  models: { key: string; value: Model; indexes: { source: SourceId; creatorId: string } };
  works: { key: string; value: Work; indexes: { source: SourceId; modelId: string } };
  /** Small key/value settings (scan switches, paused sites, demo list on/off). */
  settings: { key: string; value: unknown };
  /** Fingerprints of fetched images by URL and response validators, least recently used evicted first. */
  fingerprintCache: { key: string; value: FingerprintCacheEntry; indexes: { lastUsed: number } };
  /** Large opaque values stored whole (the packed fingerprint index), read in one request at start-up. */
  blobs: { key: string; value: unknown };
  /** Subscribed lists: where they come from, their validators and their last update's outcome. */
  subscriptions: { key: string; value: { id: string; [k: string]: unknown } };
  /** The creator's signing keys and other values that must never leave the extension except by explicit export. */
  secrets: { key: string; value: unknown };
  /** Small thumbnails of the user's own works, by work id: kept out of `works` so loading the matcher stays lean. */
  thumbs: { key: string; value: string };
  /** Added registries (remote sharded catalogs): where they come from, their edition, publishers and switches. */
  registries: { key: string; value: { id: string; [k: string]: unknown } };
  /** Each registry's verified manifest and local summary, by registry id: read at lookup, kept out of `registries`. */
  registryData: { key: string; value: unknown };
  /** Shards and detail thumbnails fetched from registries, by registry and path, least recently used evicted first. */
  registryCache: { key: string; value: RegistryCacheEntry; indexes: { lastUsed: number; registry: string } };
}

export interface RegistryCacheEntry {
  /** `<registry id>\n<path>`. */
  key: string;
  registry: string;
  bytes: Uint8Array;
  etag?: string;
  lastModified?: string;
  lastUsed: number;
}

export interface FingerprintCacheEntry {
  key: string;
  fingerprint: string | null;
  /** The rest of the matcher's query (src/lib/match/hash/query.ts): quality 0-100 and the fingerprint inside borders. */
  quality?: number;
  trimmed?: string;
  /** The query's 16x16 luminance, base64url (src/lib/match/detail/luma-thumb.ts). */
  detail?: string;
  /** Its 8x8 chroma grid, base64url (src/lib/match/detail/chroma-thumb.ts). */
  chroma?: string;
  trimmedDetail?: string;
  /** Inside low-detail margins (src/lib/match/hash/boxed-query.ts): fingerprint, 16x16 luminance and the box. */
  boxed?: string;
  boxedDetail?: string;
  box?: [number, number, number, number];
  /** With the box: the whole image's 32x32 luminance, base64url (src/lib/match/detail/extend/extend-search.ts). */
  wide?: string;
  /** Where the inside of the uniform borders is, with `trimmed`: shares [x, y, width, height] of the image. */
  trimmedBox?: [number, number, number, number];
  /** The image's natural size in pixels: "resized" hints and the rotation framings' aspect need it. */
  size?: { width: number; height: number };
  /** The turned hash probes of a flat-corner image (src/lib/match/detail/rotate/turned-hash.ts). */
  turned?: string[];
  /** The fit probes of an image of known size (src/lib/match/detail/rotate/turned-hash.ts `fitFingerprints`). */
  fit?: string[];
  /** Why no fingerprint, when none ("HTTP 404", "not an image"). */
  reason?: string;
  etag?: string;
  lastModified?: string;
  lastUsed: number;
}

export type RegistryDB = IDBPDatabase<RegistrySchema>;
type UpgradeTx = IDBPTransaction<RegistrySchema, ArrayLike<StoreNames<RegistrySchema>>, 'versionchange'>;
type Upgrade = (db: RegistryDB, tx: UpgradeTx) => void;

export const UPGRADES: Upgrade[] = [
  // 0 -> 1: creators, models, works, settings.
  (db) => {
    const creators = db.createObjectStore('creators', { keyPath: 'id' });
    creators.createIndex('source', 'source');
    const models = db.createObjectStore('models', { keyPath: 'id' });
    models.createIndex('source', 'source');
    models.createIndex('creatorId', 'creatorId');
    const works = db.createObjectStore('works', { keyPath: 'id' });
    works.createIndex('source', 'source');
    works.createIndex('modelId', 'modelId');
    db.createObjectStore('settings');
  },
  // 1 -> 2: fingerprint cache, blobs, subscriptions, secrets.
  (db) => {
    db.createObjectStore('fingerprintCache', { keyPath: 'key' }).createIndex('lastUsed', 'lastUsed');
    db.createObjectStore('blobs');
    db.createObjectStore('subscriptions', { keyPath: 'id' });
    db.createObjectStore('secrets');
  },
  // 2 -> 3: thumbnails of the user's own works.
  (db) => {
    db.createObjectStore('thumbs');
  },
  // 3 -> 4: registries, their manifests and summaries, and the cache of what was fetched from them.
  (db) => {
    db.createObjectStore('registries', { keyPath: 'id' });
    db.createObjectStore('registryData');
    const cache = db.createObjectStore('registryCache', { keyPath: 'key' });
    cache.createIndex('lastUsed', 'lastUsed');
    cache.createIndex('registry', 'registry');
  },
];

export const DB_VERSION = UPGRADES.length;

export async function openRegistry(name = DB_NAME, version = DB_VERSION): Promise<RegistryDB> {
  return openDB<RegistrySchema>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) UPGRADES[v]!(db, tx);
    },
    blocked() {
      console.warn('[License Lens] database upgrade waits for another open extension page to close');
    },
  });
}
