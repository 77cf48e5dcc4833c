/**
 * Helpers for the list end-to-end tests: a local HTTP server whose routes each test sets (lists, pages, images,
 * hostile answers), the options page opened by the extension itself (Firefox's BiDi cannot navigate to
 * moz-extension:// URLs), and actions on its #lists section.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { openOptions as openOptionsPage, type Session } from '../../scripts/lib/launch.js';
import type { ListDraft } from '../../src/lib/list/schema.js';
import type { RegistrySummary, Result } from '../../src/lib/protocol/messages.js';
import { LISTS_SECTION, sectionOutcome, sectionStatus, startSectionAction, type SectionStatus } from './lib/options-section.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface ListServer {
  origin: string;
  routes: Map<string, Handler>;
  close(): Promise<void>;
}

export async function startListServer(): Promise<ListServer> {
  const routes = new Map<string, Handler>();
  const server = createServer((req, res) => {
    const h = routes.get((req.url ?? '/').split('?')[0]!);
    if (!h) return void res.writeHead(404).end('not found');
    void Promise.resolve(h(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export const json = (text: string, etag?: string): Handler => (req, res) => {
  if (etag && req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
  res.writeHead(200, { 'Content-Type': 'application/json', ...(etag ? { ETag: etag } : {}) }).end(text);
};

export const file = (path: string, type = 'image/jpeg'): Handler => async (_req, res) => {
  res.writeHead(200, { 'Content-Type': type }).end(await readFile(path));
};

/** The demo page's images (committed; sources and licenses in demo/SOURCES.md). */
export const DEMO_IMAGES = new URL('../../demo/images/', import.meta.url).pathname;

/** Serves each demo image `f` at /img/f, through `wrap` (e.g. a delay) when given. */
export function serveDemoImages(server: ListServer, files: readonly string[], wrap: (h: Handler) => Handler = (h) => h): void {
  for (const f of files) server.routes.set(`/img/${f}`, wrap(file(`${DEMO_IMAGES}${f}`)));
}

export const html = (body: string): Handler => (_req, res) => void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><meta charset="utf-8"><title>t</title>${body}`);

/** 100 MB of spaces with no Content-Length, written only as fast as the client reads (never held in memory). */
export const hugeBody: Handler = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const chunk = Buffer.alloc(1 << 20, 0x20);
  let sent = 0;
  const pump = () => {
    while (sent < 100 * (1 << 20)) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
};

/** Starts a good answer, then drops the connection mid-body. */
export const dropMidway = (text: string): Handler => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.write(text.slice(0, Math.floor(text.length / 2)));
  setTimeout(() => res.socket?.destroy(), 50);
};

/** Runs `inner` after `ms`, as a slow server would; the wait ends early when the client goes away. */
export const slow = (inner: Handler, ms: number): Handler => (req, res) =>
  new Promise<void>((done) => {
    const timer = setTimeout(() => void Promise.resolve(inner(req, res)).finally(done), ms);
    res.once('close', () => {
      clearTimeout(timer);
      done();
    });
  });

/** The options page in a background tab (launch.ts openOptions), once its #lists and #keys sections are ready. */
export async function openOptions(s: Session): Promise<Page> {
  const page = await openOptionsPage(s, '', { active: false });
  await page.waitForFunction(() => document.getElementById('lists')?.dataset.ready === 'true' && document.getElementById('keys')?.dataset.ready === 'true', { timeout: 20_000, polling: 200 });
  return page;
}

export interface ListsState extends SectionStatus {
  items: Array<{ id: string; state: string; text: string; imgs: number }>;
}

export async function listsState(options: Page): Promise<ListsState> {
  const items = await options.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('#subscriptions li.subscription')).map((li) => ({
      id: li.dataset.id ?? '',
      state: li.dataset.state ?? '',
      text: li.textContent ?? '',
      imgs: li.querySelectorAll('img, script, iframe').length,
    })),
  );
  return { ...(await sectionStatus(options, LISTS_SECTION)), items };
}

/** Starts one action in the #lists section the way a user would, without waiting for its outcome. */
export function startListsAction(options: Page, action: { subscribe: string } | { update: string } | { remove: string }): Promise<void> {
  return startSectionAction(options, LISTS_SECTION, 'subscribe' in action ? { url: action.subscribe } : action);
}

/** Waits for the outcome line of the action started last (not a progress line). */
export async function listsOutcome(options: Page, timeoutMs = 60_000): Promise<ListsState> {
  await sectionOutcome(options, LISTS_SECTION, timeoutMs);
  return listsState(options);
}

/** Runs one action in the #lists section the way a user would and waits for its outcome line. */
export async function listsAction(options: Page, action: { subscribe: string } | { update: string } | { remove: string }): Promise<ListsState> {
  await startListsAction(options, action);
  return listsOutcome(options);
}

export async function summary(s: Session): Promise<RegistrySummary> {
  const r = await s.ext.evaluate(() => chrome.runtime.sendMessage({ type: 'registry/summary', payload: {} }) as Promise<Result<RegistrySummary>>);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export const LICENSE = { personalUse: true, commercialUse: 'license-required', attributionRequired: false, derivativesAllowed: false } as const;

/** An unsigned list of `publisher`'s works, each [id, file] with the file's fingerprint from `fp`. */
export function listDraft(fp: Record<string, string>, version: number, publisher: string, works: Array<[string, string]>, extra: Partial<ListDraft> = {}): ListDraft {
  return {
    format: 'license-lens/list',
    formatVersion: 1,
    id: publisher.toLowerCase().replace(/\W/g, '') || 'x',
    name: `${publisher}'s works`,
    version,
    updated: '2026-11-23T10:00:00Z',
    publisher: { name: publisher },
    models: [{ id: 'm', name: `${publisher} Model`, license: LICENSE, licensees: [] }],
    works: works.map(([id, file]) => ({ id, model: 'm', title: id, fingerprints: [fp[file]!] })),
    ...extra,
  };
}
