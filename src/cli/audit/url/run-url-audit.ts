/**
 * A URL audit: the start pages (named, or a sitemap's), crawled by `crawl.ts`, each judged by the extension in
 * Chromium (`page-audit.ts`); the flagged images become the folder audit's records, so its report writers serve.
 */
import { verifyList } from '../../../lib/list/index.js';
import { readListText } from '../../../node/list-source.js';
import { CliError } from '../../util.js';
import type { LoadedRegistry } from '../../../core/index.js';
import type { AuditItem, PageSummary } from '../audit-result.js';
import { crawl, sitemapPages } from './crawl.js';

export interface UrlAuditOptions {
  /** Page addresses, or one sitemap (URL or file). */
  targets: string[];
  sitemap: boolean;
  lists: string[];
  /** Registries' http(s) addresses (their manifest, or its folder ending in /): the extension fetches their files. */
  registries?: string[];
  depth: number;
  maxPages: number;
  concurrency: number;
  /** How long one page may take to load and be judged (--page-timeout). */
  pageTimeoutMs?: number;
  onPage?: (url: string) => void;
}

export interface UrlAuditResult {
  lists: Array<{ id: string; name: string; version: number; keyFingerprint: string }>;
  registries: LoadedRegistry[];
  items: AuditItem[];
  pages: PageSummary[];
  disallowed: string[];
  leftOut: number;
  /** Thumbnails the extension made (data: URLs), by image address, for the HTML report. */
  thumbs: Map<string, string>;
}

export async function runUrlAudit(opts: UrlAuditOptions): Promise<UrlAuditResult> {
  const texts: string[] = [];
  const lists: UrlAuditResult['lists'] = [];
  for (const source of opts.lists) {
    const text = await readListText(source).catch((e: unknown) => {
      throw new CliError(e instanceof Error ? e.message : String(e));
    });
    const r = await verifyList(text);
    if (!r.ok) throw new CliError(`${source}: ${r.error}`);
    texts.push(text);
    lists.push({ id: r.list.id, name: r.list.name, version: r.list.version, keyFingerprint: r.keyFingerprint });
  }
  const registryUrls = (opts.registries ?? []).map((r) => {
    if (!/^https?:\/\//i.test(r)) throw new CliError(`--registry ${r}: pages are judged by the extension, which fetches a registry's files itself: give its http(s) address`);
    return r.endsWith('/') ? `${r}manifest.json` : r;
  });
  const start = opts.sitemap ? await sitemapPages(opts.targets[0]!).catch((e: unknown) => Promise.reject(new CliError(e instanceof Error ? e.message : String(e)))) : opts.targets;
  // Loaded only here: puppeteer-core and the built extension are a clone's (docs/audit.md).
  const { startBrowserAudit } = await import('./page-audit.js').catch((e: unknown) =>
    Promise.reject(new CliError(`auditing pages needs a clone of License Lens with its development packages (puppeteer-core): ${e instanceof Error ? e.message : String(e)}`)),
  );
  const browser = await startBrowserAudit(texts, registryUrls, opts.pageTimeoutMs).catch((e: unknown) => Promise.reject(new CliError(e instanceof Error ? e.message : String(e))));
  const items: AuditItem[] = [];
  const pages: PageSummary[] = [];
  const thumbs = new Map<string, string>();
  try {
    const crawled = await crawl(
      start,
      async (url) => {
        opts.onPage?.(url);
        const o = await browser.audit(url);
        const r = o.report;
        pages.push({ url, ...(o.finalUrl !== url ? { finalUrl: o.finalUrl } : {}), checked: r?.checked ?? 0, skipped: r?.skipped ?? 0, flagged: r?.flagged.length ?? 0, ...(o.error ? { error: o.error } : {}), ...(o.incomplete ? { incomplete: o.incomplete } : {}) });
        for (const img of r?.flagged ?? []) {
          items.push({ file: img.url, page: o.finalUrl, status: 'matched', ...(img.fingerprint ? { fingerprint: img.fingerprint } : {}), matches: img.matches, ...(img.record ? { record: img.record } : {}) });
          if (img.thumb) thumbs.set(img.url, img.thumb);
        }
        return { links: o.links };
      },
      { depth: opts.depth, maxPages: opts.maxPages, concurrency: opts.concurrency },
    );
    const registries = browser.registries.map((r): LoadedRegistry => ({
      address: r.url ?? r.base,
      name: r.name,
      edition: r.edition,
      keyFingerprint: r.keyFingerprint,
      id: r.id,
      publishers: r.publishers.map((p) => ({ id: p.id, name: p.name, keyFingerprint: p.keyFingerprint, verified: p.verified, ...(p.revoked ? { revoked: p.revoked } : {}) })),
    }));
    return { lists, registries, items, pages, disallowed: crawled.disallowed, leftOut: crawled.leftOut, thumbs };
  } finally {
    await browser.close();
  }
}
