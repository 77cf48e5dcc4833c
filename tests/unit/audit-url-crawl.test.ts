/** The URL audit's plain parts: which pages it visits (depth, max pages, robots.txt, sitemaps) and its arguments. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditOptions } from '../../src/cli/audit/audit-args.js';
import { crawl, sitemapPages } from '../../src/cli/audit/url/crawl.js';

const O = 'https://shop.example';
/** A site: each page's links. */
const SITE: Record<string, string[]> = {
  [`${O}/`]: [`${O}/a#x`, `${O}/b`, 'https://other.example/c', `${O}/private/p`],
  [`${O}/a`]: [`${O}/deep`, `${O}/`],
  [`${O}/b`]: [`${O}/a`],
  [`${O}/deep`]: [],
  [`${O}/private/p`]: [],
};
const fetchText = async (url: string) => (url === `${O}/robots.txt` ? 'User-agent: *\nDisallow: /private/\n' : undefined);
const visit = async (url: string) => ({ links: SITE[url] ?? [] });

describe('crawl', () => {
  it('depth 0 visits only the start pages', async () => {
    const r = await crawl([`${O}/`], visit, { depth: 0, maxPages: 50, concurrency: 2, fetchText });
    expect(r.visited).toEqual([`${O}/`]);
  });

  it('depth 1 follows same-origin links once each (fragment dropped), never a page robots.txt disallows', async () => {
    const r = await crawl([`${O}/`], visit, { depth: 1, maxPages: 50, concurrency: 2, fetchText });
    expect(r.visited.sort()).toEqual([`${O}/`, `${O}/a`, `${O}/b`]);
    expect(r.disallowed).toEqual([`${O}/private/p`]);
    const deeper = await crawl([`${O}/`], visit, { depth: 2, maxPages: 50, concurrency: 1, fetchText });
    expect(deeper.visited).toContain(`${O}/deep`);
  });

  it('stops at --max-pages and counts what it left out', async () => {
    const r = await crawl([`${O}/`], visit, { depth: 2, maxPages: 2, concurrency: 1, fetchText });
    expect(r.visited).toHaveLength(2);
    expect(r.leftOut).toBe(2);
  });

  it('a failed visit ends the crawl: nothing is started after it, and the crawl settles after the pages in flight', async () => {
    const events: string[] = [];
    const finish = new Map<string, () => void>();
    const slow = (url: string) =>
      new Promise<{ links: string[] }>((done, fail) => {
        events.push(`start ${url}`);
        if (url === `${O}/a`) fail(new Error('page crashed'));
        else finish.set(url, () => (events.push(`end ${url}`), done({ links: [] })));
      });
    const run = crawl([`${O}/`, `${O}/b`, `${O}/a`, `${O}/deep`], slow, { depth: 0, maxPages: 50, concurrency: 3, fetchText }).catch((e: Error) => {
      events.push(`crawl ${e.message}`);
    });
    await expect.poll(() => events).toEqual([`start ${O}/`, `start ${O}/b`, `start ${O}/a`]);
    // /b's place frees first: /deep, still waiting, must not start after /a failed, nor the crawl end while / runs.
    finish.get(`${O}/b`)!();
    finish.get(`${O}/`)!();
    await run;
    expect(events).toEqual([`start ${O}/`, `start ${O}/b`, `start ${O}/a`, `end ${O}/b`, `end ${O}/`, 'crawl page crashed']);
  });
});

describe('sitemapPages', () => {
  it('reads a urlset file and the sitemaps an index names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-sitemap-'));
    const file = join(dir, 'sitemap.xml');
    writeFileSync(file, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> ${O}/a </loc></url><url><loc>javascript:x</loc></url></urlset>`);
    expect(await sitemapPages(file)).toEqual([`${O}/a`]);
    const index = `<sitemapindex><sitemap><loc>${O}/s1.xml</loc></sitemap></sitemapindex>`;
    const get = async (u: string) => (u === `${O}/index.xml` ? index : u === `${O}/s1.xml` ? `<urlset><url><loc>${O}/b</loc></url></urlset>` : undefined);
    expect(await sitemapPages(`${O}/index.xml`, get)).toEqual([`${O}/b`]);
    writeFileSync(file, '<html></html>');
    await expect(sitemapPages(file)).rejects.toThrow(/not a sitemap/);
  });
});

describe('audit arguments for pages', () => {
  it('URLs or one sitemap make a URL audit with its defaults; folder-only options are refused', () => {
    const o = auditOptions([`${O}/`, `${O}/b`, '--list', 'l.json']);
    expect(o.url).toEqual({ targets: [`${O}/`, `${O}/b`], sitemap: false, depth: 0, maxPages: 50, concurrency: 2, pageTimeoutMs: 90_000 });
    expect(auditOptions([`${O}/`, '--list', 'l.json', '--page-timeout', '20']).url).toMatchObject({ pageTimeoutMs: 20_000 });
    expect(auditOptions(['site/sitemap.xml', '--list', 'l.json', '--depth', '1']).url).toMatchObject({ sitemap: true, depth: 1 });
    expect(auditOptions(['dist', '--list', 'l.json']).url).toBeUndefined();
    expect(() => auditOptions([`${O}/`, '--list', 'l.json', '--site', 'x.example'])).toThrow(/--site is for auditing a folder/);
    expect(() => auditOptions(['dist', '--list', 'l.json', '--depth', '1'])).toThrow(/--depth is for auditing pages/);
    expect(() => auditOptions([`${O}/`, '--list', 'l.json', '--max-pages', '0'])).toThrow(/--max-pages 0/);
    expect(() => auditOptions([`${O}/`, '--list', 'l.json', '--page-timeout', '1'])).toThrow(/--page-timeout 1/);
    expect(() => auditOptions(['dist', '--list', 'l.json', '--page-timeout', '20'])).toThrow(/--page-timeout is for auditing pages/);
  });
});
