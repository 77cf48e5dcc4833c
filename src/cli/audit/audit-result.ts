/** An audit's records, its summary and its exit code (pure): what every report writer reads. */
import { type ImageVerdict, type LoadedRegistry } from '../../core/index.js';
import { VERDICT_ORDER } from '../../lib/license/index.js';
import type { Verdict, WorkMatch } from '../../lib/types.js';
import type { FailOn } from './audit-args.js';

export interface AuditItem {
  /** Path relative to the audited folder, with forward slashes; in a URL audit, the image's address. */
  file: string;
  /** URL audit: the page the image was shown on (an image on two pages is two records). */
  page?: string;
  status: ImageVerdict['status'] | 'unreadable';
  /** Why an image could not be read ("not an image", "truncated"...). */
  reason?: string;
  fingerprint?: string;
  matches: WorkMatch[];
  record?: ImageVerdict['record'];
  /** The fingerprint came from the cache (no decode this run). */
  cached?: boolean;
}

/** URL audit: one page as the extension judged it (its clear images are counted here, not listed as records). */
export interface PageSummary {
  url: string;
  finalUrl?: string;
  checked: number;
  skipped: number;
  flagged: number;
  /** Why the page could not be audited (HTTP status, timeout). */
  error?: string;
  /** The page timeout hit while images were still loading or being checked: counts and flagged images so far, and why. */
  incomplete?: string;
}

export interface AuditReport {
  tool: { name: 'license-lens'; version: string };
  /** The folder, or in a URL audit the addresses or sitemap given. */
  folder: string;
  /** URL audit: the pages visited, those robots.txt disallows, and how many were left out past --max-pages. */
  pages?: PageSummary[];
  disallowed?: string[];
  leftOut?: number;
  site?: string;
  lists: Array<{ id: string; name: string; version: number; keyFingerprint: string }>;
  /** Registries looked up (folder audit: read by the CLI; URL audit: added to the extension). */
  registries?: LoadedRegistry[];
  startedAt: string;
  durationMs: number;
  items: AuditItem[];
}

/** The most urgent verdict among an image's matches (the one the popup leads with). */
export function worstVerdict(item: Pick<AuditItem, 'matches'>): Verdict | undefined {
  let worst: Verdict | undefined;
  for (const m of item.matches) if (!worst || VERDICT_ORDER[m.verdict] < VERDICT_ORDER[worst]) worst = m.verdict;
  return worst;
}

export interface Summary {
  images: number;
  matched: number;
  unreadable: number;
  fromCache: number;
  byVerdict: Record<Verdict, number>;
}

export function summarise(items: AuditItem[]): Summary {
  const byVerdict: Record<Verdict, number> = { unlicensed: 0, unknown: 0, 'free-credit': 0, free: 0, licensed: 0 };
  let matched = 0;
  let unreadable = 0;
  let fromCache = 0;
  for (const it of items) {
    const w = worstVerdict(it);
    if (w) {
      matched++;
      byVerdict[w]++;
    }
    if (it.status === 'unreadable') unreadable++;
    if (it.cached) fromCache++;
  }
  return { images: items.length, matched, unreadable, fromCache, byVerdict };
}

/** Whether an image trips one of the `--fail-on` conditions. */
export function fails(item: AuditItem, failOn: ReadonlySet<FailOn>): boolean {
  if (item.status === 'unreadable') return failOn.has('unreadable');
  if (!item.matches.length) return false;
  if (failOn.has('any-match')) return true;
  return item.matches.some(
    (m) => (m.verdict === 'unlicensed' && failOn.has('unlicensed')) || (m.verdict === 'unknown' && failOn.has('unknown-terms')) || (m.verdict === 'free-credit' && failOn.has('credit-required')),
  );
}

/** 0: nothing the `--fail-on` conditions name; 1: something. (2, an error, is main.ts's.) */
export function exitCode(items: AuditItem[], failOn: ReadonlySet<FailOn>): 0 | 1 {
  return items.some((it) => fails(it, failOn)) ? 1 : 0;
}

/** Images in report order: failing verdicts first (unlicensed, unknown, credit, free, licensed), then clear, then unreadable. */
export function reportOrder(items: AuditItem[]): AuditItem[] {
  const rank = (it: AuditItem) => (it.status === 'unreadable' ? 7 : it.matches.length ? VERDICT_ORDER[worstVerdict(it)!] : 6);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
}

/**
 * Where a match came from, as the popup's card says it for a registry: "From registry: Lin Yue · verified:
 * creator.example (Example registry)" or "· unverified"; a list's matches: undefined (the report names its lists).
 */
export function sourceLabel(report: Pick<AuditReport, 'registries'>, source: string): string | undefined {
  for (const r of report.registries ?? []) {
    const prefix = `registry:${r.id}/`;
    if (!source.startsWith(prefix)) continue;
    const p = r.publishers.find((x) => String(x.id) === source.slice(prefix.length));
    if (!p) return `from registry ${r.name}`;
    return `from registry: ${p.name} · ${p.verified.length ? `verified: ${p.verified.join(', ')}` : 'unverified'} (${r.name})`;
  }
  return undefined;
}
