/**
 * The records the background's replies carry out of storage (the message table, messages.ts): settings, list
 * subscriptions, own registrations and backup counts. Defined here, below storage, so that the message table
 * never imports storage; the storage modules re-export them.
 */
import type { Model, Work } from '../types.js';

export type { Settings } from '../settings/index.js';

/** What a list subscription and an added registry both keep of the installed, signed edition and its updates. */
export interface InstalledEdition {
  id: string;
  /** Where updates come from; absent when added from a file (it changes only when a newer file is added). */
  url?: string;
  /** The key that signed the first installed edition: an update signed by another key is refused. */
  publicKey: string;
  keyFingerprint: string;
  works: number;
  /** HTTP validators of the installed edition, sent back as If-None-Match / If-Modified-Since. */
  etag?: string;
  lastModified?: string;
  added: number;
  /** When the installed edition was stored, and when an update was last attempted. */
  installedAt: number;
  checkedAt?: number;
  /** Why the last update attempt failed (the installed edition stays in use); absent after a good attempt. */
  error?: string;
}

export interface Subscription extends InstalledEdition {
  /** Also the registry source of its records: `list:<id>`. */
  id: string;
  /** From the installed edition: shown to the user. */
  listId: string;
  listName: string;
  publisher: string;
  homepage?: string;
  version: number;
  listUpdated: string;
  models: number;
}

/** A publisher as a registry's manifest lists it, for the options page, the popup and the card. */
export interface RegistryPublisher {
  /** The manifest's publisher id; its works' source is `registry:<registry id>/<publisher id>`. */
  id: number;
  name: string;
  keyFingerprint: string;
  listUrl?: string;
  works: number;
  firstRegistered?: string;
  /** Domains whose /.well-known/license-lens.json names this publisher's key (checked by the builder). */
  verified: string[];
  /** When the publisher revoked its key: its works are no longer looked up. */
  revoked?: string;
}

/** An added registry (a signed, sharded catalog on a static host): what the options page shows and updates pin. */
export interface RegistryRecord extends InstalledEdition {
  /** Where shards and thumbnails are fetched from: the manifest's directory (`url` is the manifest's URL). */
  base: string;
  name: string;
  /** Edition number of the installed manifest: an update to a lower one is refused (rollback). */
  edition: number;
  published?: string;
  publishers: RegistryPublisher[];
  /** Publisher ids the user switched off: their works are not looked up. */
  off: number[];
}

export interface OwnModel extends Model {
  /** How many works are registered with this model. */
  works: number;
}

export interface OwnWork extends Work {
  thumb?: string;
}

export interface WorkPage {
  works: OwnWork[];
  total: number;
}

/** Runtime messages carry at most 64 MiB in Chromium; a backup must also fit one message to the background. */
export const MAX_BACKUP_BYTES = 48 * 1024 * 1024;

export interface BackupCounts {
  creators: number;
  models: number;
  works: number;
  subscriptions: number;
  settings: number;
  secrets: number;
  thumbs: number;
  /** Added registries (what re-adds them; their editions are fetched again after a restore). */
  registries: number;
}
