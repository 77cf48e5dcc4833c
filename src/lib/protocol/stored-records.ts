/**
 * The records the background's replies carry out of storage (the message table, messages.ts): settings, list
 * subscriptions, own registrations and backup counts. Defined here, below storage, so that the message table
 * never imports storage; the storage modules re-export them.
 */
import type { Model, Work } from '../types.js';

export type { Settings } from '../settings/index.js';

export interface Subscription {
  /** Also the registry source of its records: `list:<id>`. */
  id: string;
  /** Where updates come from; absent for a list added from a file (it changes only when a newer file is added). */
  url?: string;
  /** From the installed edition: shown to the user and pinned (an update signed by another key is refused). */
  listId: string;
  listName: string;
  publisher: string;
  homepage?: string;
  publicKey: string;
  keyFingerprint: string;
  version: number;
  listUpdated: string;
  models: number;
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
}
