/**
 * The message table: every message name maps to its request and response types, who may send it, and a schema
 * that the background validates each request against. The background's handler map is typed against this table,
 * so a message without a handler does not compile.
 */
import * as v from 'valibot';
import { MAX_INLINE_CHARS } from '../page/inline-key.js';
import { MAX_LIST_BYTES } from '../list/schema.js';
import { MAX_MANIFEST_BYTES } from '../registry/manifest.js';
import type { Creator, GenRecord, Model, Work, WorkMatch } from '../types.js';
import { OWN_MESSAGES } from '../own/own-schemas.js';
import type { EvidenceData } from './evidence-data.js';
import { MAX_BACKUP_BYTES, type BackupCounts, type OwnModel, type RegistryRecord, type Settings, type Subscription, type WorkPage } from './stored-records.js';

export type ImageStatus = 'matched' | 'clear' | 'skipped' | 'error';

/**
 * What became of a list operation whose port closed without a result (the browser stopped the background; see
 * list-op.ts): asked for with lists/op-result once a new background has looked at the record the old one left.
 */
export type ListOpOutcome =
  | { state: 'interrupted'; error: string }
  /** The new background finished it (a removal, or an edition stored before the stop). */
  | { state: 'completed' }
  | { state: 'running' }
  | { state: 'unknown' };

/** What the background concluded about one image on a page. */
export interface ImageResult {
  url: string;
  status: ImageStatus;
  /** Why an image was skipped or failed ("HTTP 404", "not an image", "larger than 25 MB"). */
  reason?: string;
  fingerprint?: string;
  matches: WorkMatch[];
  /** A small data: URL thumbnail made from the bytes already fetched, so the popup loads nothing from the site. */
  thumb?: string;
  /** The generation record read from the file, when it carries one. */
  record?: GenRecord;
  checkedAt: number;
}

export interface TabReport {
  tabId: number;
  pageUrl: string;
  checked: number;
  skipped: number;
  flagged: ImageResult[];
}

export interface RegistrySummary {
  demoEnabled: boolean;
  sources: Array<{ source: string; models: number; works: number }>;
  /** Stored works left out of matching as malformed (packed-registry.ts skippedWorks); absent when unknown. */
  unusableWorks?: number;
}

export { MAX_INLINE_CHARS };

/**
 * `url` is what the page shows and the key results come back under; `data` carries the bytes (a data: URL) when
 * the background cannot fetch `url` itself (a page's blob: URL, or a data: URL too long to be its own key).
 */
const imageRefs = v.pipe(
  v.array(
    v.object({
      url: v.pipe(v.string(), v.maxLength(MAX_INLINE_CHARS)),
      data: v.optional(v.pipe(v.string(), v.startsWith('data:'), v.maxLength(MAX_INLINE_CHARS))),
    }),
  ),
  v.maxLength(500, 'at most 500 images a message'),
);

/** Who may send a message: 'content' messages may come from content scripts (and extension pages); 'extension' only from extension pages. */
export type Access = 'content' | 'extension';

export const MESSAGES = {
  'scan/images': {
    access: 'content',
    request: v.object({ pageUrl: v.pipe(v.string(), v.maxLength(8000)), fresh: v.boolean(), images: imageRefs }),
  },
  // The flagged images a frame still shows (content/presence-report.ts): the toolbar badge counts only those.
  'scan/present': {
    access: 'content',
    request: v.object({ shown: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_INLINE_CHARS))), v.maxLength(5000)) }),
  },
  'tab/report': { access: 'extension', request: v.object({ tabId: v.pipe(v.number(), v.integer()) }) },
  // Every frame's scan progress in a tab (the popup's waiting count, the URL audit's "page is done"); `frames`: ask
  // these frames only (from `tab/frames`), instead of learning the tab's frames again.
  'tab/progress': {
    access: 'extension',
    request: v.object({ tabId: v.pipe(v.number(), v.integer()), frames: v.optional(v.pipe(v.array(v.pipe(v.number(), v.integer())), v.maxLength(1000))) }),
  },
  // The ids of a tab's frames the extension may run in (page-messaging.ts): the popup keeps them between its polls.
  'tab/frames': { access: 'extension', request: v.object({ tabId: v.pipe(v.number(), v.integer()) }) },
  'demo/set': {
    access: 'extension',
    // `variant: 'hostile'` installs the hostile demo list (mixed verdicts, HTML/script in every text field) for tests.
    request: v.object({ enabled: v.boolean(), variant: v.optional(v.picklist(['standard', 'hostile'])) }),
  },
  'registry/summary': { access: 'extension', request: v.object({}) },
  'settings/get': { access: 'extension', request: v.object({}) },
  'settings/set': {
    access: 'extension',
    request: v.partial(
      v.strictObject({
        autoScan: v.boolean(),
        marksEnabled: v.boolean(),
        pausedSites: v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.maxLength(10_000)),
      }),
    ),
  },
  // Signing key and lists (options page sections #keys and #lists; handlers in background/lists/list-handlers.ts).
  'keys/get': { access: 'extension', request: v.object({}) },
  'keys/export': { access: 'extension', request: v.object({}) },
  'keys/import': { access: 'extension', request: v.object({ text: v.pipe(v.string(), v.maxLength(10_000, 'a key file is small')) }) },
  'lists/get': { access: 'extension', request: v.object({}) },
  'lists/subscribe-url': { access: 'extension', request: v.object({ url: v.pipe(v.string(), v.maxLength(2000), v.url('not a valid URL')) }) },
  'lists/subscribe-file': { access: 'extension', request: v.object({ text: v.pipe(v.string(), v.maxLength(MAX_LIST_BYTES, 'the file is larger than the list size limit')) }) },
  'lists/update': { access: 'extension', request: v.object({ id: v.pipe(v.string(), v.maxLength(100)) }) },
  'lists/remove': { access: 'extension', request: v.object({ id: v.pipe(v.string(), v.maxLength(100)) }) },
  'lists/export': { access: 'extension', request: v.object({}) },
  'lists/sources': { access: 'extension', request: v.object({}) },
  // What became of a list operation whose port closed without a result (lib/protocol/list-op.ts).
  'lists/op-result': { access: 'extension', request: v.object({ id: v.pipe(v.string(), v.maxLength(100)) }) },
  // Registries (options page section #registries; handlers in background/registries/registry-handlers.ts). The
  // long ones run over the list-operation port like list operations (lib/protocol/list-op.ts LIST_OPS).
  'registries/get': { access: 'extension', request: v.object({}) },
  'registries/add-url': { access: 'extension', request: v.object({ url: v.pipe(v.string(), v.maxLength(2000), v.url('not a valid URL')) }) },
  'registries/add-file': {
    access: 'extension',
    request: v.object({
      text: v.pipe(v.string(), v.maxLength(MAX_MANIFEST_BYTES, 'the file is larger than the manifest size limit')),
      base: v.pipe(v.string(), v.maxLength(2000), v.url('the address the registry is served from is not a valid URL')),
    }),
  },
  'registries/update': { access: 'extension', request: v.object({ id: v.pipe(v.string(), v.maxLength(100)) }) },
  'registries/remove': { access: 'extension', request: v.object({ id: v.pipe(v.string(), v.maxLength(100)) }) },
  'registries/publisher': {
    access: 'extension',
    request: v.object({ id: v.pipe(v.string(), v.maxLength(100)), publisher: v.pipe(v.number(), v.integer(), v.minValue(0)), on: v.boolean() }),
  },
  ...OWN_MESSAGES,
  // One backup file of everything (options page section #backup; handlers in background/backup-handlers.ts).
  'backup/export': { access: 'extension', request: v.object({}) },
  'backup/restore': { access: 'extension', request: v.object({ text: v.pipe(v.string(), v.maxLength(MAX_BACKUP_BYTES, 'the backup is larger than the size limit')) }) },
  // The Compare and Report page (src/compare/): one flagged image of a tab with its work, list and report channel.
  'evidence/get': { access: 'extension', request: v.object({ tabId: v.pipe(v.number(), v.integer()), url: v.pipe(v.string(), v.maxLength(MAX_INLINE_CHARS)), workId: v.optional(v.pipe(v.string(), v.maxLength(400))) }) },
  // The card's Compare and Report buttons: the background opens that page for the sender's tab.
  'compare/open': {
    access: 'content',
    request: v.object({ url: v.pipe(v.string(), v.maxLength(MAX_INLINE_CHARS)), workId: v.optional(v.pipe(v.string(), v.maxLength(400))), report: v.boolean() }),
  },
} as const satisfies Record<string, { access: Access; request: v.GenericSchema }>;

export type MessageName = keyof typeof MESSAGES;

/** The public half of the user's signing key, as the options page shows it. */
export interface KeyView {
  publicKey: string;
  fingerprint: string;
  created: string;
}

/** Who published each list source, for showing every claimant of a work (popup, conflicts). */
export type SourceInfo = Record<
  string,
  {
    publisher: string;
    /** The list's name, or the registry's for a registry publisher. */
    listName: string;
    keyFingerprint: string;
    /** Set for a registry publisher: the domains that verify it (none: unverified). */
    registry?: true;
    verified?: string[];
  }
>;
export type Request<K extends MessageName> = v.InferOutput<(typeof MESSAGES)[K]['request']>;

/** How far one frame's scan is: images found, how many still wait for their position or verdict, and whether the
 * walk is done with nothing left to send (or scanning is off there). */
export interface ScanProgress {
  found: number;
  pending: number;
  settled: boolean;
}

export interface Responses {
  /** `paused`: automatic scanning is off for this page (nothing was checked); `marks`: draw marks on flagged images. */
  'scan/images': { results: ImageResult[]; paused: boolean; marks: boolean };
  /** How many flagged images the tab's badge now counts. */
  'scan/present': { flagged: number };
  'tab/report': TabReport;
  /** One entry per frame whose content script answered (a frame without one, such as a blank one loading, is absent). */
  'tab/progress': ScanProgress[];
  'tab/frames': number[];
  'demo/set': RegistrySummary;
  'registry/summary': RegistrySummary;
  'settings/get': Settings;
  'settings/set': Settings;
  'keys/get': KeyView;
  'keys/export': { filename: string; text: string };
  'keys/import': KeyView;
  'lists/get': Subscription[];
  'lists/subscribe-url': Subscription;
  'lists/subscribe-file': Subscription;
  'lists/update': Subscription;
  'lists/remove': Subscription[];
  'lists/export': { filename: string; text: string; models: number; works: number };
  'lists/sources': SourceInfo;
  'lists/op-result': ListOpOutcome;
  'registries/get': RegistryRecord[];
  'registries/add-url': RegistryRecord;
  'registries/add-file': RegistryRecord;
  'registries/update': RegistryRecord;
  'registries/remove': RegistryRecord[];
  'registries/publisher': RegistryRecord;
  'own/profile/get': Creator | null;
  'own/profile/set': Creator;
  'own/models/list': OwnModel[];
  'own/model/save': Model;
  /** How many works were deleted with the model. */
  'own/model/delete': { works: number };
  'own/works/add': Work[];
  'own/work/update': Work;
  'own/work/delete': Record<string, never>;
  'own/works/list': WorkPage;
  'backup/export': { filename: string; text: string; counts: BackupCounts };
  'backup/restore': BackupCounts;
  'evidence/get': EvidenceData<ImageResult>;
  'compare/open': Record<string, never>;
}
export type Response<K extends MessageName> = Responses[K];

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Envelope<K extends MessageName = MessageName> {
  type: K;
  payload: Request<K>;
}
