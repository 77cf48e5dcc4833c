/**
 * `npm run bench:list-load`: does subscribing and removing a large list block the extension (issue 19.6)? Builds a
 * signed list of 180,000 works (about 19 MiB, compact JSON; cached in bench/results/list-load.tmp), serves it
 * locally, and in each browser subscribes to it and removes it through the options page, as a user would. Meanwhile
 * the options page (the visible tab: hidden tabs' timers run once a second) sends the background a cheap message
 * (settings/get) every 50 ms and records each reply's delay, and records its own longest task (the largest gap in a 10 ms timer: Firefox has no long-task
 * entries, and its extension pages share one thread with the event page). Idle figures first, as the baseline.
 * LL_DIST picks the build (e.g. LL_DIST=dist-before for the code before a change); LIST_LOAD_BROWSERS=chrome,firefox.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { launch, openOptions, type BrowserKind, type Session } from '../scripts/lib/launch.js';
import { generateKeyPair, signBytes, signedBytes } from '../src/lib/list/index.js';
import { startListsAction } from '../tests/e2e/list-helpers.js';
import { CONTROL_HTML, CONTROL_PATH, openControl, takeControlGap } from './lib/control-thread.js';
import { startPhaseLog, takeStalls, traceTasks } from './lib/list-load-probe.js';

const WORKS = Number(process.env.LIST_LOAD_WORKS ?? 180_000);
/** LIST_LOAD_PROBE=1: stalls by phase; =trace: Chromium's tasks too (heavy: the tracing service took 1.3 GB and doubled the run). */
const PROBE = !!process.env.LIST_LOAD_PROBE;
const TRACE = process.env.LIST_LOAD_PROBE === 'trace';
const BROWSERS = (process.env.LIST_LOAD_BROWSERS ?? 'chrome,firefox').split(',') as BrowserKind[];
const CACHE = new URL(`results/list-load-${WORKS}.tmp`, import.meta.url);
const hex = (i: number) => ((i * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8);

/**
 * The list as compact JSON, signed by hand: signList refuses it, since it measures the pretty-printed text a
 * publisher puts online (27.9 MB here), while subscribers take any formatting up to MAX_LIST_BYTES (19.3 MiB here).
 */
async function listText(): Promise<string> {
  if (existsSync(CACHE)) return readFileSync(CACHE, 'utf8');
  const key = await generateKeyPair();
  const unsigned = {
    format: 'license-lens/list',
    formatVersion: 1,
    id: 'bench-large',
    name: 'Large bench list',
    version: 1,
    updated: '2026-12-05T00:00:00Z',
    publisher: { name: 'Bench', publicKey: key.publicKey },
    models: [{ id: 'm', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false } }],
    works: Array.from({ length: WORKS }, (_, i) => ({ id: `w${i}`, model: 'm', fingerprints: [hex(i + 1)] })),
  };
  const text = JSON.stringify({ ...unsigned, signature: { alg: 'Ed25519', value: await signBytes(key.privateJwk, signedBytes(unsigned)) } });
  writeFileSync(CACHE, text);
  return text;
}

/** Starts the page's pinger: settings/get every 50 ms, one at a time, each reply's delay kept. */
async function startPings(ext: Page): Promise<void> {
  await ext.evaluate(() => {
    const w = window as unknown as { __pings: number[]; __pinging: boolean; __slow: Array<[number, number, string]> };
    w.__pings = [];
    w.__slow ??= [];
    w.__pinging = true;
    void (async () => {
      while (w.__pinging) {
        const t = performance.now();
        await chrome.runtime.sendMessage({ type: 'settings/get', payload: {} });
        const took = performance.now() - t;
        w.__pings.push(took);
        if (took > 100) w.__slow.push([t, took, 'reply']);
        await new Promise((r) => setTimeout(r, Math.max(0, 50 - took)));
      }
    })();
  });
}

/** The replies since the last call: count and longest delay. */
async function takePings(ext: Page): Promise<{ n: number; maxMs: number }> {
  return ext.evaluate(() => {
    const w = window as unknown as { __pings: number[] };
    const got = w.__pings.splice(0);
    return { n: got.length, maxMs: Math.round(Math.max(0, ...got)) };
  });
}

async function startGaps(options: Page): Promise<void> {
  await options.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __slow: Array<[number, number, string]> };
    w.__gaps = [];
    w.__slow ??= [];
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.__gaps.push(now - last - 10);
      if (now - last - 10 > 100) w.__slow.push([last, now - last - 10, 'gap']);
      last = now;
    }, 10);
  });
}

async function takeGaps(options: Page): Promise<number> {
  return options.evaluate(() => Math.round(Math.max(0, ...(window as unknown as { __gaps: number[] }).__gaps.splice(0))));
}

/** Runs one action in the #lists section (list-helpers.ts) and waits for its outcome line (not a progress line). */
async function act(options: Page, action: { subscribe: string } | { remove: string }): Promise<{ ms: number; status: string }> {
  const t = Date.now();
  await startListsAction(options, action);
  // Polled by hand, not with listsOutcome: on a loaded machine one evaluation can outlast puppeteer's protocol timeout; try again.
  const end = Date.now() + 600_000;
  for (;;) {
    const done = await options
      .evaluate(() => {
        const s = document.getElementById('lists-status')!;
        return !document.getElementById('lists')!.dataset.busy && s.textContent !== '' && s.dataset.state !== 'progress';
      })
      .catch(() => false);
    if (done) break;
    if (Date.now() > end) throw new Error('no outcome within 600 s');
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { ms: Date.now() - t, status: await options.$eval('#lists-status', (el) => el.textContent ?? '') };
}

async function run(kind: BrowserKind, url: string) {
  const s: Session = await launch(kind);
  try {
    const control = await openControl(s, new URL(url).origin);
    const options = await openOptions(s);
    await options.waitForFunction(() => document.getElementById('lists')?.dataset.ready === 'true', { timeout: 20_000 });
    await startPings(options);
    await startGaps(options);
    if (PROBE) await startPhaseLog(options);
    let tracing = TRACE && kind === 'chrome' ? await traceTasks(s.browser) : undefined;
    /** LIST_LOAD_PROBE=1: the stalls since the last call by phase, and Chromium's longest tasks (bench/lib/list-load-probe.ts). */
    const probe = async (session: Session, page: Page) => {
      if (!PROBE) return {};
      const stalls = await takeStalls(page, 100);
      const trace = await tracing?.stop();
      tracing = TRACE && kind === 'chrome' ? await traceTasks(session.browser) : undefined;
      return { stalls, trace };
    };
    await new Promise((r) => setTimeout(r, 3000));
    const idle = { pings: await takePings(options), longestTaskMs: await takeGaps(options), controlGapMs: await takeControlGap(control), ...(await probe(s, options)) };
    const sub = await act(options, { subscribe: url });
    if (!(await options.$('li.subscription button.remove'))) throw new Error(`${kind}: the subscription failed: ${sub.status}`);
    const subscribe = { ...sub, pings: await takePings(options), longestTaskMs: await takeGaps(options), controlGapMs: await takeControlGap(control), ...(await probe(s, options)) };
    const id = await options.$eval('li.subscription', (li) => (li as HTMLElement).dataset.id ?? '');
    const rem = await act(options, { remove: id });
    const remove = { ...rem, pings: await takePings(options), longestTaskMs: await takeGaps(options), controlGapMs: await takeControlGap(control), ...(await probe(s, options)) };
    await tracing?.stop();
    return { kind, idle, subscribe, remove };
  } finally {
    await s.close();
  }
}

const text = await listText();
const server = createServer((req, res) =>
  req.url === CONTROL_PATH ? void res.writeHead(200, { 'Content-Type': 'text/html' }).end(CONTROL_HTML) : void res.writeHead(200, { 'Content-Type': 'application/json' }).end(text),
);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/large.json`;
console.log(`list: ${WORKS} works, ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MiB; build ${process.env.LL_DIST ?? 'dist'}`);
const results = [];
for (const kind of BROWSERS) {
  const r = await run(kind, url);
  results.push(r);
  console.log(
    `${kind}: idle: max reply ${r.idle.pings.maxMs} ms, longest options task ${r.idle.longestTaskMs} ms, control gap ${r.idle.controlGapMs} ms | ` +
      `subscribe ${(r.subscribe.ms / 1000).toFixed(1)} s ("${r.subscribe.status}"): max reply ${r.subscribe.pings.maxMs} ms (${r.subscribe.pings.n} replies), longest options task ${r.subscribe.longestTaskMs} ms, control gap ${r.subscribe.controlGapMs} ms | ` +
      `remove ${(r.remove.ms / 1000).toFixed(1)} s ("${r.remove.status}"): max reply ${r.remove.pings.maxMs} ms (${r.remove.pings.n} replies), longest options task ${r.remove.longestTaskMs} ms, control gap ${r.remove.controlGapMs} ms`,
  );
}
server.closeAllConnections();
server.close();
writeFileSync(new URL(`results/list-load${PROBE ? '-probe' : ''}${process.env.LL_DIST ? `-${process.env.LL_DIST.replace(/\W/g, '')}` : ''}.json`, import.meta.url), `${JSON.stringify({ works: WORKS, results }, null, 2)}\n`);
