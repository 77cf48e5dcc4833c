/**
 * One image's verdict record from its query and generation record: the one matching path shared by the extension's
 * scan (background/scan/scan.ts), the CLI (`check`, `audit`) and the library (`license-lens/core`). Fingerprint
 * matches first (the matcher's two phases, with the detail thumbnails the caller reads), then the registered models
 * the generation record names. Pure: where thumbnails and models come from is the caller's business.
 */
import { type Best, type Matcher, type Query, type Thumbs } from '../lib/match/index.js';
import { matchRecord, normaliseSite } from '../lib/license/index.js';
import type { Creator, GenRecord, Model, WorkMatch } from '../lib/types.js';

export interface MatchSources {
  matcher: Matcher;
  /** The detail thumbnails a lookup names (`Prepared.needs`); omitted when the matcher holds its works' own. */
  thumbs?: (works: readonly number[]) => Promise<Thumbs>;
  /** Registered models and their creators, for the models a generation record names. */
  models: () => Promise<{ models: Model[]; creators: Creator[] }>;
  /**
   * Matches from elsewhere after the local ones (the extension's added registries). An `error` (a registry that
   * could not answer) fails the image only when nothing else matched it: a refused shard is said, never shown as
   * "no match".
   */
  remote?: (query: Query, pageUrl: string) => Promise<{ matches: WorkMatch[]; error?: string }>;
}

/** What the popup shows for one image, without its address and thumbnail (ImageResult adds those). */
export interface ImageVerdict {
  status: 'clear' | 'matched';
  fingerprint: string;
  /** Most urgent verdict first, then nearest; fingerprint matches before generation-record ones. */
  matches: WorkMatch[];
  record?: GenRecord;
}

/**
 * What the local matcher found for a query, before verdicts: each matched work (by index position) with its distance,
 * how it was found and its change hints. It depends on the query and the matcher's works only, never on the page or
 * the date, so a cache may keep it beside the query for as long as the works do not change (the folder audit does).
 */
export type Found = Map<number, Best>;

export async function localFound(src: MatchSources, query: Query): Promise<Found> {
  const m = src.matcher;
  const p = m.prepare(query);
  const thumbs = src.thumbs ? await src.thumbs(p.needs) : undefined;
  return m.finish(p, thumbs);
}

/** `found`: the local matcher's findings kept from an earlier run with the same works (else they are computed). */
export async function imageVerdict(src: MatchSources, query: Query, record: GenRecord | undefined, pageUrl: string, now = new Date(), found?: Found): Promise<ImageVerdict> {
  const local = src.matcher.verdicts(found ?? (await localFound(src, query)), pageUrl, now);
  const remote = src.remote ? await src.remote(query, pageUrl) : { matches: [] };
  if (remote.error && !local.length && !remote.matches.length) throw new Error(remote.error);
  const byHash = [...local, ...remote.matches];
  const byRecord = record ? matchRecord(record, await src.models(), pageUrl, now) : [];
  const matches = [...byHash, ...byRecord];
  const base = { fingerprint: query.fingerprint, matches, ...(record ? { record } : {}) };
  return { status: matches.length ? 'matched' : 'clear', ...base };
}

/**
 * The page address a verdict is given for when a publisher names a site instead of a page: the site's host is what
 * verdict.ts compares with licensees' sites and the creator's homepage, so `https://<host>/` decides exactly as a
 * page on that host does. No site: no host, so only the license terms decide (as for a file:// page).
 */
export function pageUrlForSite(site: string | undefined): string {
  if (!site) return '';
  const host = normaliseSite(site);
  if (!host) throw new Error(`not a site: "${site}"`);
  return `https://${host}/`;
}
