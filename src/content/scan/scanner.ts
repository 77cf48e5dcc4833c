/**
 * The page scan: walks the DOM (and shadow roots) in short time slices so the page never gets a long task (walker.ts),
 * re-walks what a MutationObserver saw change (batched), sends images the person can see first
 * (IntersectionObserver), the rest only once no on-screen image is still loading or being checked (loading-hold.ts),
 * each URL once, a few small batches in flight, and puts marks on
 * flagged images as replies arrive. Stops everything when the background says scanning is paused here.
 */
import type { ImageResult } from '../../lib/protocol/index.js';
import { tooSmall, type ScanProgress } from '../../lib/page/index.js';
import { stillShows, type Found } from './discover.js';
import { ImageTable } from './image-table.js';
import type { ImageRef } from './inline.js';
import { clearMarks, schedulePlacement, showMark } from '../page-ui/marks.js';
import { loadingHold } from './loading-hold.js';
import { presenceReporter } from '../presence-report.js';
import { callWithRetry, refChunks } from './send.js';
import { watchPageSettings } from '../settings-watch.js';
import { watchVisibility, type Box } from './visibility.js';
import { pageWalker } from './walker.js';

/** A walk slice this long leaves the main thread free well under the 50 ms long-task line. */
const SLICE_MS = 6;
const BATCH = 24;
const IN_FLIGHT = 3;
/** Pause before a batch that failed every retry is queued again. */
const REQUEUE_MS = 30_000;

const images = new ImageTable();
const visible: string[] = [];
const rest: string[] = [];
let inFlight = 0;
/** Batches of on-screen images being checked: off-screen ones wait for their answers (visible first, end to end). */
let visibleInFlight = 0;
const loadingOnScreen = loadingHold(() => pump());
let started: Promise<boolean> | undefined;
let stopped = false;
let marksOn = true;

/** `<img>` elements whose rendered size is still to be checked (from their first intersection report). */
const unmeasured = new WeakSet<Element>();

function queue(el: Element, onScreen: boolean, box: Box): void {
  if (onScreen) loadingOnScreen.seen(el);
  const small = unmeasured.has(el) && el instanceof HTMLImageElement && (!box || tooSmall(box, { width: el.naturalWidth, height: el.naturalHeight }));
  unmeasured.delete(el);
  for (const url of images.urlsOf(el)) {
    const entry = images.get(url);
    if (entry?.state !== 'new') continue;
    // An icon or tracker (both sizes under 64 px) does not count for its URL, as if discovery had skipped it; the
    // URL goes once an element showing it large reports, and is forgotten when none does.
    if (small) images.drop(el, url);
    else {
      entry.state = 'queued';
      (onScreen ? visible : rest).push(url);
    }
  }
}

const visibility = watchVisibility(queue, () => pump(), SLICE_MS);

const walker = pageWalker({
  found,
  loading: (img) => visibility.watch(img),
  idle: () => pump(),
  mutated: () => {
    schedulePlacement();
    if (images.flagged.size) reportPresence();
  },
  loaded: (el) => {
    loadingOnScreen.loaded(el);
    if (images.flagged.size) reportPresence();
  },
  sliceMs: SLICE_MS,
});

function found(f: Found): void {
  const { el, url } = f;
  const { entry, fresh } = images.add(el, url);
  if (f.unmeasured) unmeasured.add(el);
  if (!fresh) {
    if (entry.result?.status === 'matched') {
      mark(el, url, entry.result);
      reportPresence();
    }
    if (entry.state !== 'new') return; // else its size is still to be learnt with the others'
  }
  visibility.watch(el);
}

function mark(el: Element, url: string, r: ImageResult): void {
  if (marksOn && !stopped) showMark(el, r, () => stillShows(el, url));
}

/** The flagged images (as the background keys them) that some element of this frame still shows. */
function shownFlagged(): string[] {
  if (stopped) return [];
  const out: string[] = [];
  for (const url of images.flagged) {
    const entry = images.get(url)!;
    if ([...entry.els].some((el) => el.isConnected && stillShows(el, url))) out.push(entry.result!.url);
  }
  return out;
}
const reportPresence = presenceReporter(shownFlagged);

/**
 * Off-screen images wait while the walk may still find on-screen ones, their position is not known yet, an
 * on-screen image is still loading, or on-screen images are being checked: the background fetches in the order
 * asked, so this order holds end to end.
 */
const restMayGo = () => walker.idle && !visibility.pending && !visibleInFlight && !loadingOnScreen.holding;

function pump(): void {
  while (!stopped) {
    const onScreen = visible.length > 0;
    // On-screen batches do not wait behind off-screen ones in flight (a scroll brings new ones into view).
    if (onScreen ? visibleInFlight >= IN_FLIGHT : inFlight >= IN_FLIGHT || !rest.length || !restMayGo()) return;
    const batch = (onScreen ? visible : rest).splice(0, BATCH);
    inFlight++;
    if (onScreen) visibleInFlight++;
    void send(batch).finally(() => {
      inFlight--;
      if (onScreen) visibleInFlight--;
      pump();
    });
  }
}

async function send(urls: string[]): Promise<void> {
  if (!(await started)) return;
  // A restart (after a pause) may have forgotten some of these meanwhile: they are found and sent again.
  urls = images.send(urls);
  for await (const { refs, keyToUrl } of refChunks(urls)) await post(refs, keyToUrl);
}

/**
 * A batch the background did not answer even after callWithRetry's pauses (a worker restarting under load): its
 * images go back in the queue, after a longer pause, rather than staying "sent" without a verdict for good.
 */
function requeue(keyToUrl: Map<string, string>): void {
  const again = images.requeue(keyToUrl.values());
  setTimeout(() => {
    if (stopped) return;
    rest.push(...again);
    pump();
  }, REQUEUE_MS);
}

async function post(refs: ImageRef[], keyToUrl: Map<string, string>): Promise<void> {
  const r = await callWithRetry(false, refs, () => stopped);
  if (!r.ok) {
    console.info('[License Lens] scan request failed, sending it again later:', r.error);
    return requeue(keyToUrl);
  }
  if (r.value.paused) return stop();
  marksOn = r.value.marks;
  for (const result of r.value.results) {
    const url = keyToUrl.get(result.url) ?? result.url;
    const entry = images.settle(url, result);
    if (!entry || result.status !== 'matched') continue;
    for (const el of entry.els) mark(el, url, result);
    reportPresence();
  }
}

/**
 * A settings change, applied to what is already on the page: pausing stops everything, un-pausing (or turning
 * automatic scanning back on) scans the page again, marks go or come back.
 */
function applySettings({ paused, marks }: { paused: boolean; marks: boolean }): void {
  if (stopped) {
    if (!paused) restart();
    return;
  }
  if (paused) {
    stop();
    if (images.flagged.size) reportPresence(); // now shows nothing: the badge stops counting this frame
    return;
  }
  marksOn = marks;
  if (!marks) return clearMarks();
  for (const url of images.flagged) for (const el of images.get(url)!.els) mark(el, url, images.get(url)!.result!);
}

/** Automatic scanning is off here: stop observing, sending and marking. */
function stop(): void {
  stopped = true;
  loadingOnScreen.clear();
  walker.stop();
  visibility.disconnect();
  clearMarks();
}

/**
 * Scanning again after a pause, from scratch: everything found before is forgotten and found again (what the
 * background already checked for this page comes back from its tab results without a second fetch). Replies to
 * batches sent before the pause still land: they are verdicts for the same URLs.
 */
function restart(): void {
  images.clear();
  visible.length = 0;
  rest.length = 0;
  stopped = false;
  begin();
}

/** For `scan/progress`: found images still waiting for their position, their turn or their verdict (a requeued batch too). */
export function scanProgress(): ScanProgress {
  if (stopped) return { found: images.size, pending: 0, settled: true };
  const pending = visibility.pending + images.pending;
  return { found: images.size, pending, settled: walker.idle && pending === 0 };
}

export function startScan(): void {
  watchPageSettings(applySettings);
  begin();
}

function begin(): void {
  // The first message tells the background a new document started (it resets the tab's results for a top frame).
  started = callWithRetry(true, [], () => stopped).then((r) => {
    if (r.ok && r.value.paused) stop();
    if (r.ok) marksOn = r.value.marks;
    return !stopped;
  });
  walker.start();
}
