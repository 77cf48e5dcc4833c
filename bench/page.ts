/**
 * `npm run bench:page`, in Chromium, side by side in one run:
 *  1. Fingerprint throughput over ../shared/corpus/works served from localhost: the extension's pipeline (the
 *     real background: fetch, header check, decode straight to 256x256, blockhash, cache; in Chrome all of it in
 *     the offscreen document, JPEGs decoded at reduced size) vs the naive one
 *     (full-resolution decode into a canvas, bmvbhash on full-resolution pixels), and whether both give the
 *     same verdicts against a registry of half the works.
 *  2. A 500-image page (mixed sizes, half cross-origin, every 4th lazy, every 5th a CSS background): time from
 *     navigation until every image has a verdict, and the page's main-thread cost (long tasks, scripting time)
 *     with the extension vs without it.
 *  3. Both again in Firefox (bench/lib/page-firefox.ts). BENCH_ONLY=throughput|page|firefox|firefox-page runs one part.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { startDemoServers } from '../scripts/demo-server.js';
import { launch } from '../scripts/lib/launch.js';
import { LIMITS } from '../src/pixels/limits.js';
import { hammingHex } from '../src/lib/match/hash/bits.js';
import { MATCH_THRESHOLD } from '../src/lib/match/indexing/fingerprint-index.js';
import type { ImageResult, Result } from '../src/lib/protocol/messages.js';
import { fingerprintFile } from '../src/node/decode.js';
import { cpuMs } from './lib/cpu.js';
import { pageThread, type PageThread } from './lib/page-thread.js';
import { countVerdicts } from './lib/verdict-count.js';
import { instrument, launchPlainChromium, pageCost, scrollThrough, shownImages, withoutNetworkEvents, type ExtensionShare, type PageCost } from './lib/browser-metrics.js';
import { shareOfEvents, type TraceEvent } from './lib/trace-share.js';
import { requireShared, SHARED_DIR } from './shared.js';
import { firefoxHalf } from './lib/page-firefox.js';
import { fetchDecodeFloor, naiveHashes, naivePageScript } from './lib/naive.js';
import { HASH_INPUT_SIDE } from '../src/lib/match/index.js';

requireShared('bench:page');
const CONCURRENCY = 6;
const works = readdirSync(`${SHARED_DIR}corpus/works`).filter((f) => f.endsWith('.jpg')).sort();
const distractors = readdirSync(`${SHARED_DIR}corpus/distractors`).sort();
const benchFiles = [...works.map((f) => `works/${f}`), ...distractors.slice(0, 500 - works.length).map((f) => `distractors/${f}`)];
const servers = await startDemoServers({ benchFiles, benchCount: 500 });
const blockhashSource = readFileSync(createRequire(import.meta.url).resolve('blockhash-core'), 'utf8');

// Registry: every other work, fingerprinted the way registration does (Node, sharp).
const registry = new Map<string, string>();
for (const [i, f] of works.entries()) if (i % 2 === 0) registry.set(f, await fingerprintFile(`${SHARED_DIR}corpus/works/${f}`));
const verdict = (fp: string | undefined) => {
  if (!fp) return 'no fingerprint';
  let best: [string, number] = ['none', MATCH_THRESHOLD + 1];
  for (const [id, reg] of registry) {
    const d = hammingHex(fp, reg);
    if (d < best[1]) best = [id, d];
  }
  return best[0];
};

async function throughput() {
  const session = await launch('chrome');
  const pid = session.browser.process()?.pid;
  try {
    // The real background, asked from an extension page in a tab the way a content script asks; `tag` makes new
    // URLs each time (no fingerprint-cache or HTTP-cache hit).
    const pipeline = async (tag: string, files: string[]) => {
      const cpu0 = cpuMs(pid);
      const r = await session.ext.evaluate(async (list: string[]) => {
        const t0 = performance.now();
        const r = (await chrome.runtime.sendMessage({ type: 'scan/images', payload: { pageUrl: 'http://127.0.0.1/bench', fresh: true, images: list.map((url) => ({ url })) } })) as Result<{ results: ImageResult[] }>;
        const ms = performance.now() - t0;
        // Chrome scans in its offscreen document (src/background/scan/offscreen.ts): say whether this run did.
        const docs = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] });
        return { ms, results: r.ok ? r.value.results : [], offscreen: docs.length > 0 };
      }, files.map((f) => `${servers.imageOrigin}/corpus/${f}?run=${tag}`));
      return { ...r, cpuMs: cpuMs(pid) - cpu0 };
    };
    // First batch of the session: includes opening the offscreen document, its workers and IndexedDB, and loading
    // the matcher (the figure recorded since issue 3). Then the same works under new URLs, everything open: the
    // steady rate of a long page.
    const pipe = await pipeline('pipeline', works.map((f) => `works/${f}`));
    await new Promise((r) => setTimeout(r, 3000)); // the cold run's batched cache writes
    const warm = await pipeline('pipeline-warm', works.map((f) => `works/${f}`));
    const page = await session.browser.newPage();
    await withoutNetworkEvents(page);
    await page.goto(`${servers.pageOrigin}/empty.html`);
    await page.addScriptTag({ content: naivePageScript(blockhashSource) });
    const naiveRun = async (list: string[]) => {
      const cpu0 = cpuMs(pid);
      const r = await page.evaluate(naiveHashes, list, CONCURRENCY);
      return { ...r, cpuMs: cpuMs(pid) - cpu0 };
    };
    // The naive pipeline warmed up as well (six distractors, not counted), so neither side pays for its first call.
    await naiveRun(distractors.slice(0, 6).map((f) => `${servers.pageOrigin}/corpus/distractors/${f}?run=naive-warm`));
    const naive = await naiveRun(works.map((f) => `${servers.pageOrigin}/corpus/works/${f}?run=naive`));
    // The floor under any pipeline here: only fetching the same files (new URLs), the pipeline's 12 at a time.
    const floor = await (async () => {
      const cpu0 = cpuMs(pid);
      const ms = await page.evaluate(async (list: string[], limit: number) => {
        const t0 = performance.now();
        let next = 0;
        const worker = async () => {
          while (next < list.length) await (await fetch(list[next++]!)).arrayBuffer();
        };
        await Promise.all(Array.from({ length: limit }, worker));
        return performance.now() - t0;
      }, works.map((f) => `${servers.pageOrigin}/corpus/works/${f}?run=fetch-only`), LIMITS.documentConcurrency);
      return { ms, cpuMs: cpuMs(pid) - cpu0 };
    })();
    // The floor under any pipeline that must see pixels: the same files fetched and decoded to the hash input's size.
    const decodeFloor = await (async () => {
      const cpu0 = cpuMs(pid);
      const urls = works.map((f) => `${servers.pageOrigin}/corpus/works/${f}?run=fetch-decode`);
      const ms = await page.evaluate(fetchDecodeFloor, urls, LIMITS.documentConcurrency, HASH_INPUT_SIDE);
      return { ms, cpuMs: cpuMs(pid) - cpu0 };
    })();
    let same = 0;
    let sameWarm = 0;
    let right = 0;
    for (const [i, f] of works.entries()) {
      const p = verdict(pipe.results.find((r) => r.url.includes(`/${f}?`))?.fingerprint);
      const w = verdict(warm.results.find((r) => r.url.includes(`/${f}?`))?.fingerprint);
      const n = verdict(naive.out[`${servers.pageOrigin}/corpus/works/${f}?run=naive`]);
      if (p === n) same++;
      if (w === n) sameWarm++;
      if (p === (i % 2 === 0 ? f : 'none')) right++;
    }
    const rate = (ms: number) => +((works.length / ms) * 1000).toFixed(1);
    const perImage = (ms: number) => +(ms / works.length).toFixed(1);
    return {
      images: works.length,
      pipelineMs: Math.round(pipe.ms),
      naiveMs: Math.round(naive.ms),
      pipelineImagesPerS: rate(pipe.ms),
      naiveImagesPerS: rate(naive.ms),
      speedup: +(naive.ms / pipe.ms).toFixed(1),
      warmPipelineMs: Math.round(warm.ms),
      warmPipelineImagesPerS: rate(warm.ms),
      warmSpeedup: +(naive.ms / warm.ms).toFixed(1),
      // CPU of the browser's processes and the local servers per image: what the rates would be on an idle machine.
      pipelineCpuMsPerImage: perImage(pipe.cpuMs),
      warmPipelineCpuMsPerImage: perImage(warm.cpuMs),
      naiveCpuMsPerImage: perImage(naive.cpuMs),
      cpuRatio: +(naive.cpuMs / warm.cpuMs).toFixed(1),
      fetchOnlyImagesPerS: rate(floor.ms),
      fetchOnlyCpuMsPerImage: perImage(floor.cpuMs),
      // The best ratio a pipeline that must fetch the files could reach: the naive time over the fetch alone.
      fetchDecodeCpuMsPerImage: perImage(decodeFloor.cpuMs),
      // What the warm pipeline pays per image over each floor, by CPU (the target: <= 1.3x the fetch-only one).
      warmVsFetchOnly: +(warm.cpuMs / floor.cpuMs).toFixed(2),
      warmVsFetchDecode: +(warm.cpuMs / decodeFloor.cpuMs).toFixed(2),
      ceilingRatio: +(naive.ms / floor.ms).toFixed(1),
      ceilingCpuRatio: +(naive.cpuMs / floor.cpuMs).toFixed(1),
      sameVerdicts: same,
      warmSameVerdicts: sameWarm,
      pipelineCorrectVerdicts: right,
      offscreenDocument: pipe.offscreen,
      pipelineConcurrency: LIMITS.documentConcurrency,
      naiveConcurrency: CONCURRENCY,
      cores: availableParallelism(),
      loadAverage: loadavg().map((l) => +l.toFixed(2)),
    };
  } finally {
    await session.close();
  }
}

async function pageRun(withExtension: boolean): Promise<PageCost & { verdictsMs?: number; verdicts?: number; shown: number; share?: ExtensionShare; thread?: PageThread }> {
  const session = withExtension ? await launch('chrome') : undefined;
  const browser = session?.browser ?? (await launchPlainChromium());
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await instrument(page);
    // Both runs traced: the trace's own cost is then on both sides of the page-thread ratio.
    await page.tracing.start({ categories: ['devtools.timeline', 'toplevel', 'disabled-by-default-devtools.timeline'] });
    const t0 = Date.now();
    // Verdicts are counted from the start, side by side with the page's loads, so that the time of the last one
    // is when it came, not when a wait for images that never load (below) ended.
    const counter = session ? countVerdicts(session, `${servers.pageOrigin}/gen/bench.html`, t0) : undefined;
    await page.goto(`${servers.pageOrigin}/gen/bench.html`, { waitUntil: 'load', timeout: 120_000 });
    await scrollThrough(page);
    const shown = await shownImages(page);
    const { verdicts, verdictsMs } = (await counter?.until(shown)) ?? {};
    await new Promise((r) => setTimeout(r, 1000));
    // Parsed once for both readings: the trace of this page runs to tens of MB.
    const events = (JSON.parse(new TextDecoder().decode(await page.tracing.stop())) as { traceEvents: TraceEvent[] }).traceEvents;
    const share = session ? shareOfEvents(events) : undefined;
    return { ...(await pageCost(page)), verdictsMs, verdicts, shown, share, thread: pageThread(events, '/gen/bench.html') };
  } finally {
    await browser.close();
  }
}

const only = process.env.BENCH_ONLY; // 'throughput', 'page' or 'firefox' while tuning one part
try {
  if (only?.startsWith('firefox')) {
    const firefox = await firefoxHalf(servers, works, blockhashSource, verdict, only === 'firefox-page');
    writeFileSync(new URL('results/page-firefox.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), firefox }, null, 2)}\n`);
    process.exit(0);
  }
  const fp = only === 'page' ? undefined : await throughput();
  if (fp) console.log(`fingerprint throughput (${fp.images} corpus works from localhost): pipeline ${fp.pipelineImagesPerS}/s vs naive ${fp.naiveImagesPerS}/s = ${fp.speedup}x; same verdicts ${fp.sameVerdicts}/${fp.images}; offscreen document ${fp.offscreenDocument ? 'used' : 'NOT used'}`);
  if (fp) {
    console.log(`  warm (second batch, new URLs): pipeline ${fp.warmPipelineImagesPerS}/s = ${fp.warmSpeedup}x; same verdicts ${fp.warmSameVerdicts}/${fp.images}`);
    console.log(`  CPU per image (browser + local servers): pipeline ${fp.pipelineCpuMsPerImage} ms cold, ${fp.warmPipelineCpuMsPerImage} ms warm; naive ${fp.naiveCpuMsPerImage} ms = ${fp.cpuRatio}x; load ${fp.loadAverage.join(' ')} on ${fp.cores} cores`);
    console.log(`  fetch only (the floor): ${fp.fetchOnlyImagesPerS}/s, ${fp.fetchOnlyCpuMsPerImage} ms CPU per image: at most ${fp.ceilingRatio}x (${fp.ceilingCpuRatio}x by CPU) for any pipeline that fetches`);
    console.log(`  fetch + decode to ${HASH_INPUT_SIDE}x${HASH_INPUT_SIDE} + read pixels (the floor for any pipeline that sees pixels): ${fp.fetchDecodeCpuMsPerImage} ms CPU per image`);
    console.log(`  warm pipeline CPU per image: ${fp.warmVsFetchOnly}x the fetch-only floor, ${fp.warmVsFetchDecode}x the fetch + decode floor`);
  }
  if (only === 'throughput') {
    if (fp) writeFileSync(new URL('results/page-throughput.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), throughput: fp }, null, 2)}\n`);
    process.exit(0);
  }
  const plain = await pageRun(false);
  const ext = await pageRun(true);
  const ratio = (a: number, b: number) => (b ? +(a / b).toFixed(2) : null);
  const page = {
    images: 500,
    withExtension: ext,
    withoutExtension: plain,
    ratios: {
      loadTime: ratio(ext.loadMs, plain.loadMs),
      scriptingTime: ratio(ext.scriptMs, plain.scriptMs),
      taskTime: ratio(ext.taskMs, plain.taskMs),
      allVerdictsVsPlainLoad: ratio(ext.verdictsMs ?? 0, plain.loadMs),
      pageThreadCpu: ratio(ext.thread?.cpuMs ?? 0, plain.thread?.cpuMs ?? 0),
    },
    extraLongTasks: ext.longTasks - plain.longTasks,
    extraScriptingMs: ext.scriptMs - plain.scriptMs,
  };
  console.log(`500-image page (${ext.shown} images loaded by the browser): ${ext.verdicts} verdicts ${ext.verdictsMs} ms after navigation (plain load ${plain.loadMs} ms, ${page.ratios.allVerdictsVsPlainLoad}x)`);
  console.log(`  load ${ext.loadMs} vs ${plain.loadMs} ms (${page.ratios.loadTime}x); scripting ${ext.scriptMs} vs ${plain.scriptMs} ms (${page.ratios.scriptingTime ?? 'n/a: the page runs no script of its own'}${page.ratios.scriptingTime ? 'x' : ''}, +${page.extraScriptingMs} ms); long tasks ${ext.longTasks} vs ${plain.longTasks} (longest ${ext.longestTaskMs} vs ${plain.longestTaskMs} ms)`);
  console.log(`  content script (from a performance trace): ${ext.share?.contentScriptMs} ms of main-thread time, ${ext.share?.longTasksFromContentScript} long tasks caused by it, at most ${ext.share?.maxContentScriptMsInOneTask} ms in one task`);
  console.log(`  page main thread (trace, CPU time of its tasks): ${ext.thread?.cpuMs} vs ${plain.thread?.cpuMs} ms (${page.ratios.pageThreadCpu}x); long tasks there ${ext.thread?.longTasks} vs ${plain.thread?.longTasks} by wall, ${ext.thread?.longTasksCpu} vs ${plain.thread?.longTasksCpu} by CPU`);
  const firefox = await firefoxHalf(servers, works, blockhashSource, verdict);
  const result = { date: new Date().toISOString(), throughput: fp, page, firefox };
  writeFileSync(new URL('results/page.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await servers.close();
}
