/**
 * bench:page's Firefox half, in one run: (1) the extension's pipeline (the real event page: fetch, header check,
 * createImageBitmap straight to 256x256, blockhash, cache) vs the naive one (full-resolution decode into a canvas,
 * bmvbhash) over the corpus works, by wall time and by CPU of the browser's processes; (2) the 500-image page with
 * vs without the extension: time to the load event, CPU time of the page's main thread (the content processes'
 * main threads, from /proc: Firefox has no trace that puppeteer can read), verdicts, and downloads per image (the
 * extension reads the page's own responses, src/background/scan/capture.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import type { DemoServers } from '../../scripts/demo-server.js';
import { EXECUTABLES, launch } from '../../scripts/lib/launch.js';
import type { ImageResult, Result } from '../../src/lib/protocol/messages.js';
import { cpuMs } from './cpu.js';
import { scrollThrough, shownImages } from './browser-metrics.js';
import { countVerdicts } from './verdict-count.js';
import { naiveHashes, naivePageScript } from './naive.js';

const TICK_MS = 10;

/** Firefox without the extension, with the preferences of scripts/lib/launch.ts that change what a page costs. */
function launchPlainFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: EXECUTABLES.firefox,
    headless: true,
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false, 'browser.aboutwelcome.enabled': false },
  });
}

/** CPU ms of the main thread (thread id = pid) of each web content process under the browser, by pid. Firefox
 * names them in `comm` ("Isolated Web Co", "Web Content"); they are forked by its fork server, not the browser. */
function contentMainThreads(browserPid: number): Map<number, number> {
  const parent = new Map<number, number>();
  const main = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      if (!/^(Isolated Web|Web Content)/.test(readFileSync(`/proc/${d}/comm`, 'utf8'))) continue;
      const t = readFileSync(`/proc/${d}/task/${d}/stat`, 'utf8'); // the main thread alone (the process's stat sums all)
      const g = t.slice(t.lastIndexOf(')') + 2).split(' ');
      main.set(Number(d), (Number(g[11]) + Number(g[12])) * TICK_MS);
    } catch {
      // gone while we looked
    }
  }
  const under = (pid: number): boolean => (pid <= 1 ? false : pid === browserPid || under(parent.get(pid) ?? 0));
  return new Map([...main].filter(([pid]) => under(parent.get(pid) ?? 0)));
}

const delta = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((s, [pid, ms]) => s + ms - (before.get(pid) ?? 0), 0);

export async function firefoxThroughput(servers: DemoServers, works: string[], blockhashSource: string) {
  const session = await launch('firefox');
  const pid = session.browser.process()?.pid;
  try {
    const pipeline = async (tag: string) => {
      const cpu0 = cpuMs(pid);
      const r = await session.ext.evaluate(async (list: string[]) => {
        const t0 = performance.now();
        const r = (await browser.runtime.sendMessage({ type: 'scan/images', payload: { pageUrl: 'http://127.0.0.1/bench', fresh: true, images: list.map((url) => ({ url })) } })) as Result<{ results: ImageResult[] }>;
        return { ms: performance.now() - t0, results: r.ok ? r.value.results : [] };
      }, works.map((f) => `${servers.imageOrigin}/corpus/works/${f}?run=ff-${tag}`));
      return { ...r, cpuMs: cpuMs(pid) - cpu0 };
    };
    const cold = await pipeline('pipeline');
    await new Promise((r) => setTimeout(r, 3000));
    const warm = await pipeline('pipeline-warm');
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/empty.html`);
    await page.addScriptTag({ content: naivePageScript(blockhashSource) });
    const cpu0 = cpuMs(pid);
    const naive = await page.evaluate(naiveHashes, works.map((f) => `${servers.pageOrigin}/corpus/works/${f}?run=ff-naive`), 6);
    return { cold, warm, naive: { ...naive, cpuMs: cpuMs(pid) - cpu0 } };
  } finally {
    await session.close();
  }
}

export interface FirefoxPageRun {
  loadMs: number;
  mainThreadCpuMs: number;
  shown: number;
  verdicts?: number;
  verdictsMs?: number;
  /** Requests the servers got for the page's images, over the images loaded. */
  downloadsPerImage: number;
}

export async function firefoxPageRun(servers: DemoServers, withExtension: boolean): Promise<FirefoxPageRun> {
  const session = withExtension ? await launch('firefox') : undefined;
  const browser = session?.browser ?? (await launchPlainFirefox());
  const pid = browser.process()!.pid!;
  const url = `${servers.pageOrigin}/gen/bench.html?ff=${withExtension ? 'ext' : 'plain'}`;
  const from = [servers.imageRequests.length, servers.pageRequests.length];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const before = contentMainThreads(pid);
    const t0 = Date.now();
    const counter = session ? countVerdicts(session, url, t0) : undefined;
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    const loadMs = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return nav ? Math.round(nav.loadEventEnd - nav.startTime) : 0;
    });
    await scrollThrough(page);
    const shown = await shownImages(page);
    const { verdicts, verdictsMs } = (await counter?.until(shown)) ?? {};
    await new Promise((r) => setTimeout(r, 1000));
    const mainThreadCpuMs = delta(before, contentMainThreads(pid));
    const corpus = (list: string[], i: number) => list.slice(from[i]).filter((p) => p.startsWith('/corpus/')).length;
    const requests = corpus(servers.imageRequests, 0) + corpus(servers.pageRequests, 1);
    return { loadMs, mainThreadCpuMs, shown, verdicts, verdictsMs, downloadsPerImage: +(requests / shown).toFixed(2) };
  } finally {
    await browser.close();
  }
}

/** Both Firefox measurements, printed; `verdict` names the registry work a fingerprint matches (page.ts). */
export async function firefoxHalf(servers: DemoServers, works: string[], blockhashSource: string, verdict: (fp: string | undefined) => string, pageOnly = false) {
  const page = await firefoxPage(servers);
  if (pageOnly) return { page };
  const fp = await firefoxThroughput(servers, works, blockhashSource);
  const rate = (ms: number) => +((works.length / ms) * 1000).toFixed(1);
  const per = (ms: number) => +(ms / works.length).toFixed(1);
  const same = (results: ImageResult[]) => works.filter((f) => verdict(results.find((r) => r.url.includes(`/${f}?`))?.fingerprint) === verdict(fp.naive.out[`${servers.pageOrigin}/corpus/works/${f}?run=ff-naive`])).length;
  const throughput = {
    images: works.length,
    pipelineImagesPerS: rate(fp.cold.ms),
    warmPipelineImagesPerS: rate(fp.warm.ms),
    naiveImagesPerS: rate(fp.naive.ms),
    speedup: +(fp.naive.ms / fp.cold.ms).toFixed(1),
    warmSpeedup: +(fp.naive.ms / fp.warm.ms).toFixed(1),
    pipelineCpuMsPerImage: per(fp.cold.cpuMs),
    warmPipelineCpuMsPerImage: per(fp.warm.cpuMs),
    naiveCpuMsPerImage: per(fp.naive.cpuMs),
    cpuRatio: +(fp.naive.cpuMs / fp.warm.cpuMs).toFixed(1),
    sameVerdicts: same(fp.cold.results),
    warmSameVerdicts: same(fp.warm.results),
  };
  const t = throughput;
  console.log(`Firefox fingerprint throughput (${t.images} works): pipeline ${t.pipelineImagesPerS}/s vs naive ${t.naiveImagesPerS}/s = ${t.speedup}x (warm ${t.warmPipelineImagesPerS}/s = ${t.warmSpeedup}x); same verdicts ${t.sameVerdicts}/${t.images} (warm ${t.warmSameVerdicts})`);
  console.log(`  CPU per image: pipeline ${t.pipelineCpuMsPerImage} ms cold, ${t.warmPipelineCpuMsPerImage} ms warm; naive ${t.naiveCpuMsPerImage} ms = ${t.cpuRatio}x`);
  return { throughput, page };
}

async function firefoxPage(servers: DemoServers) {
  const plain = await firefoxPageRun(servers, false);
  const ext = await firefoxPageRun(servers, true);
  const ratio = (a: number, b: number) => (b ? +(a / b).toFixed(2) : null);
  const page = { withExtension: ext, withoutExtension: plain, loadRatio: ratio(ext.loadMs, plain.loadMs), mainThreadRatio: ratio(ext.mainThreadCpuMs, plain.mainThreadCpuMs) };
  console.log(`Firefox 500-image page (${ext.shown} loaded): ${ext.verdicts} verdicts ${ext.verdictsMs} ms after navigation; load ${ext.loadMs} vs ${plain.loadMs} ms (${page.loadRatio}x); page main thread CPU ${ext.mainThreadCpuMs} vs ${plain.mainThreadCpuMs} ms (${page.mainThreadRatio}x); downloads per image ${ext.downloadsPerImage} vs ${plain.downloadsPerImage}`);
  return page;
}
