/**
 * Marks on flagged images: a small corner badge in the verdict's colour, drawn in the extension's closed shadow-DOM
 * layer (layer.ts), never in the page's own elements. Marks take no pointer events, so a page cannot find them by
 * hit-testing (no hover tooltip either: the right-click card and the popup say model, verdict and creator). Marks follow
 * scroll, resize and reflow (repositioned from the element's rect on the next frame after any of those) and are
 * removed when their element leaves the document, stops showing the flagged image or is hidden.
 */
import browser from '../../browser.js';
import { verdictKey } from '../../lib/license/index.js';
import type { ImageResult } from '../../lib/protocol/index.js';
import type { Verdict } from '../../lib/types.js';
import { layer } from './layer.js';

/** Keyed by the verdict union: a misspelt or missing verdict does not compile (README names these colours). */
const COLOURS: Record<Verdict, string> = {
  unlicensed: '#c62828',
  licensed: '#2e7d32',
  free: '#2e7d32',
  'free-credit': '#ef6c00',
  unknown: '#546e7a',
};

const CSS = `
.ll-mark { position: fixed; left: 0; top: 0; width: 22px; height: 22px; border-radius: 11px; pointer-events: none;
  font: bold 13px/22px system-ui, sans-serif; color: #fff; text-align: center;
  box-shadow: 0 0 0 2px #fff, 0 1px 4px rgba(0,0,0,.4); will-change: transform; }
.ll-mark[hidden] { display: none; }
`;

interface Mark {
  node: HTMLElement;
  url: string;
  /** Still shows `url`: false once the element's image changed (lazy loaders, carousels). */
  shows: () => boolean;
  /** The transform last written, so an unmoved mark is not written again. */
  transform?: string;
}

const marks = new Map<Element, Mark>();
let frame = 0;
let timer: ReturnType<typeof setInterval> | undefined;
let resizeObserver: ResizeObserver | undefined;
/**
 * Marked elements on or near the screen, as an IntersectionObserver reports them (computed with the page's own
 * rendering, no forced layout): each placement pass reads only these, so a page with a thousand flagged images
 * costs what its visible ones cost. The others' marks are hidden; a periodic sweep removes marks of elements
 * that left the document while off-screen.
 */
const near = new Set<Element>();
let nearObserver: IntersectionObserver | undefined;
let sweep: Iterator<Element> | undefined;
const SWEEP_MS = 3;

/** What a screen reader says for a mark (no hover tooltip: marks take no pointer events, see layer.ts). */
function label(r: ImageResult): string {
  const m = r.matches[0]!;
  const verdict = browser.i18n.getMessage(verdictKey(m.verdict)) || m.verdict;
  const model = [m.model.name, m.model.version].filter(Boolean).join(' ');
  return browser.i18n.getMessage('markTooltip', [model, verdict, m.creator.name]) || `${model}: ${verdict}`;
}

/** Puts a mark on `el` for a flagged result (once per element; a second call updates it). */
export function showMark(el: Element, r: ImageResult, shows: () => boolean): void {
  const m = r.matches[0];
  if (!m) return;
  const root = layer(CSS);
  let mark = marks.get(el);
  if (!mark) {
    const node = document.createElement('span');
    node.className = 'll-mark';
    node.setAttribute('role', 'img');
    node.textContent = '!';
    root.append(node);
    mark = { node, url: r.url, shows };
    marks.set(el, mark);
    node.hidden = true; // until the element is reported on screen
    resizeObserver ??= new ResizeObserver(() => schedulePlacement());
    resizeObserver.observe(el);
    nearObserver ??= new IntersectionObserver(onNear, { rootMargin: '100px' });
    nearObserver.observe(el);
  }
  if (!mark.node.isConnected) root.append(mark.node); // the page removed the layer: drawn in the new one
  mark.node.style.background = COLOURS[m.verdict];
  mark.node.setAttribute('aria-label', label(r));
  startFollowing();
  schedulePlacement();
}

function onNear(entries: IntersectionObserverEntry[]): void {
  for (const e of entries) {
    if (e.isIntersecting) near.add(e.target);
    else {
      near.delete(e.target);
      const m = marks.get(e.target);
      if (m) m.node.hidden = true;
    }
  }
  schedulePlacement();
}

function unmark(el: Element): void {
  marks.get(el)?.node.remove();
  resizeObserver?.unobserve(el);
  nearObserver?.unobserve(el);
  near.delete(el);
  marks.delete(el);
}

/** A few ms of checking off-screen marks for elements that left the document or changed image, from where it stopped. */
function sweepSome(): void {
  const end = performance.now() + SWEEP_MS;
  while (performance.now() < end) {
    sweep ??= [...marks.keys()][Symbol.iterator]();
    const next = sweep.next();
    if (next.done) {
      sweep = undefined;
      return;
    }
    const m = marks.get(next.value);
    if (m && (!next.value.isConnected || !m.shows())) unmark(next.value);
  }
}

export function clearMarks(): void {
  for (const [el, m] of marks) {
    m.node.remove();
    resizeObserver?.unobserve(el);
  }
  nearObserver?.disconnect();
  near.clear();
  sweep = undefined;
  marks.clear();
  stopFollowing();
}

export function markCount(): number {
  return marks.size;
}

/** Repositions every mark on the next animation frame (several triggers in one frame cost one pass). */
export function schedulePlacement(): void {
  if (!marks.size || frame) return;
  frame = requestAnimationFrame(place);
}

function place(): void {
  frame = 0;
  // All reads first, then all writes: a write between two getBoundingClientRect calls would force a layout per
  // mark (with a thousand marks on an infinite-scroll page that was a 600 ms task).
  const rects: Array<[Mark, DOMRect]> = [];
  const gone: Element[] = [];
  for (const el of near) {
    const m = marks.get(el);
    if (!m || !el.isConnected || !m.shows()) gone.push(el);
    else rects.push([m, el.getBoundingClientRect()]);
  }
  for (const el of gone) unmark(el);
  for (const [m, r] of rects) {
    const hidden = r.width < 1 || r.height < 1 || r.bottom < 0 || r.right < 0 || r.top > innerHeight || r.left > innerWidth;
    if (m.node.hidden !== hidden) m.node.hidden = hidden;
    if (hidden) continue;
    if (!m.node.isConnected) layer(CSS).append(m.node); // the page removed the layer: marks come back in a new one
    const transform = `translate(${Math.round(r.left + 4)}px, ${Math.round(r.top + 4)}px)`;
    if (m.transform !== transform) m.node.style.transform = m.transform = transform;
  }
  if (!marks.size) stopFollowing();
}

function startFollowing(): void {
  if (timer) return;
  addEventListener('scroll', schedulePlacement, { capture: true, passive: true });
  addEventListener('resize', schedulePlacement, { passive: true });
  // Reflows without a resize of the marked element itself (content inserted above it, a transition) have no
  // event: a cheap periodic pass catches them while marks exist.
  timer = setInterval(() => {
    sweepSome();
    if (marks.size) schedulePlacement();
    else stopFollowing();
  }, 500);
}

function stopFollowing(): void {
  if (!timer) return;
  removeEventListener('scroll', schedulePlacement, { capture: true });
  removeEventListener('resize', schedulePlacement);
  clearInterval(timer);
  timer = undefined;
}
