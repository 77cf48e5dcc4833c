/**
 * What a URL audit visits (docs/audit.md, "license-lens audit <URL>"): the pages named or listed in a sitemap,
 * then same-origin links up to `depth`, at most `maxPages`, never a page robots.txt disallows. Plain Node: the
 * browser part is `page-audit.ts`, handed in as `visit`.
 */
import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import robotsParser from 'robots-parser';
import { TaskQueue } from '../task-queue.js';

/** The user agent robots.txt rules are read for (a group for `*` applies too). */
export const ROBOTS_AGENT = 'license-lens';

export interface Visited {
  /** Links found on the page (absolute). */
  links: string[];
}

export interface CrawlOptions {
  depth: number;
  maxPages: number;
  concurrency: number;
  fetchText?: (url: string) => Promise<string | undefined>;
}

export interface CrawlResult {
  /** Pages visited, in the order they were started. */
  visited: string[];
  /** Pages not visited because robots.txt disallows them. */
  disallowed: string[];
  /** Pages left out past `maxPages`. */
  leftOut: number;
}

async function fetchText(url: string): Promise<string | undefined> {
  const r = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(15_000) }).catch(() => undefined);
  return r?.ok ? r.text() : undefined;
}

/** The page's address without its fragment: one page however many anchors link to it. */
export function pageKey(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/** `<urlset>` page addresses, or the pages of every sitemap a `<sitemapindex>` names (one level). */
export async function sitemapPages(source: string, get = fetchText): Promise<string[]> {
  const text = /^https?:\/\//i.test(source) ? await get(source) : await readFile(source, 'utf8');
  if (text === undefined) throw new Error(`${source}: could not fetch the sitemap`);
  const xml = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === 'url' || name === 'sitemap' }).parse(text) as {
    urlset?: { url?: Array<{ loc?: unknown }> };
    sitemapindex?: { sitemap?: Array<{ loc?: unknown }> };
  };
  const locs = (rows: Array<{ loc?: unknown }> | undefined) => (rows ?? []).map((r) => String(r.loc ?? '').trim()).filter((u) => /^https?:\/\//i.test(u));
  if (xml.urlset) return locs(xml.urlset.url);
  if (xml.sitemapindex) {
    const nested = await Promise.all(locs(xml.sitemapindex.sitemap).map((u) => sitemapPages(u, get).catch(() => [])));
    return nested.flat();
  }
  throw new Error(`${source}: not a sitemap (no <urlset> or <sitemapindex>)`);
}

/**
 * Visits the start pages and the same-origin links they lead to, breadth first: a level's pages `concurrency` at a
 * time (task-queue.ts), the links they find queued as the next level once the level drains, so `maxPages` keeps the
 * shallowest pages. The first visit that fails ends the crawl with its error once the pages being visited settle;
 * nothing further is started after it.
 */
export async function crawl(start: string[], visit: (url: string) => Promise<Visited>, opts: CrawlOptions): Promise<CrawlResult> {
  const get = opts.fetchText ?? fetchText;
  const robots = new Map<string, Promise<ReturnType<typeof robotsParser> | undefined>>();
  const allowed = async (url: string) => {
    const origin = new URL(url).origin;
    if (!robots.has(origin)) robots.set(origin, get(`${origin}/robots.txt`).then((t) => (t === undefined ? undefined : robotsParser(`${origin}/robots.txt`, t))));
    return (await robots.get(origin))?.isAllowed(url, ROBOTS_AGENT) !== false;
  };
  const seen = new Set<string>();
  const result: CrawlResult = { visited: [], disallowed: [], leftOut: 0 };
  let failed: { error: unknown } | undefined;
  let depth = 0;
  let next: string[] = [];
  const page = async (url: string) => {
    if (failed) return;
    if (!(await allowed(url))) return void result.disallowed.push(url);
    if (result.visited.length >= opts.maxPages) return void result.leftOut++;
    result.visited.push(url);
    const { links } = await visit(url);
    if (depth >= opts.depth) return;
    const origin = new URL(url).origin;
    for (const l of links) {
      const key = /^https?:\/\//i.test(l) ? pageKey(l) : undefined;
      if (key && new URL(key).origin === origin && !seen.has(key)) {
        seen.add(key);
        next.push(key);
      }
    }
  };
  const queue = new TaskQueue<string>(Math.max(1, opts.concurrency), (url) =>
    page(url).catch((error: unknown) => {
      failed ??= { error };
    }),
  );
  let level = start.map(pageKey).filter((u) => !seen.has(u) && seen.add(u));
  for (; level.length && !failed; depth++, level = next, next = []) {
    for (const url of level) queue.push(url);
    await queue.drained();
  }
  if (failed) throw failed.error;
  return result;
}
