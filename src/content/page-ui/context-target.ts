/**
 * Remembers what the user right-clicked, for "Check this image" and "Register this image as my work". The menu
 * click arrives in the background with `srcUrl` only for <img>; CSS backgrounds (including ::before/::after),
 * SVG <image> and video posters are found here, from the element under the pointer, when the menu opens.
 * A capture-phase listener on window runs before the page's own handlers, so a page that stops the event still
 * lets us see it; synthetic events a page dispatches are ignored.
 */
import { type ContextTarget, cssUrls, firstCheckableUrl } from '../../lib/page/index.js';
import { layerHost } from './layer.js';

interface Recorded {
  target: ContextTarget | null;
  element: Element | null;
}

let last: Recorded = { target: null, element: null };

/** How many ancestors of the element under the pointer are searched for a background image. */
const MAX_ANCESTORS = 6;

export function installContextTarget(): void {
  window.addEventListener(
    'contextmenu',
    (e) => {
      if (!e.isTrusted) return;
      last = findTarget(e);
    },
    { capture: true, passive: true },
  );
}

export function lastTarget(): ContextTarget | null {
  return last.target;
}

/** The element the last right-click found (the card is placed next to it). */
export function lastElement(): Element | null {
  return last.element?.isConnected ? last.element : null;
}

/** The first <img> of the document showing this URL (by currentSrc or src), for a card with no recorded click. */
export function elementShowing(url: string): Element | null {
  if (!url) return null;
  for (const img of Array.from(document.images)) if (img.currentSrc === url || img.src === url) return img;
  return null;
}

function findTarget(e: MouseEvent): Recorded {
  const path = e.composedPath().filter((n): n is Element => n instanceof Element);
  // Elements stacked under the pointer (an overlay over a photo is common), then the event path's ancestors.
  const stacked = document.elementsFromPoint(e.clientX, e.clientY);
  const seen = new Set<Element>();
  for (const el of [...path.slice(0, 1), ...stacked, ...path.slice(1, MAX_ANCESTORS)]) {
    if (seen.has(el) || el === layerHost()) continue;
    seen.add(el);
    const target = imageOf(el);
    if (target) return { target, element: el };
  }
  return { target: null, element: path[0] ?? null };
}

/** The image an element shows itself: <img>, <image>, a video poster, its background or a pseudo-element's. */
export function imageOf(el: Element): ContextTarget | null {
  const base = el.ownerDocument.baseURI;
  if (el instanceof HTMLImageElement) {
    const url = el.currentSrc || el.src;
    return url && /^(https?|data):/i.test(url) ? { url, kind: 'img' } : null;
  }
  if (el instanceof SVGImageElement) {
    const url = firstCheckableUrl(cssUrls(`url("${el.href.baseVal}")`, base));
    if (url) return { url, kind: 'svg-image' };
  }
  if (el instanceof HTMLVideoElement && el.poster) return { url: el.poster, kind: 'video-poster' };
  const view = el.ownerDocument.defaultView;
  if (!view) return null;
  const own = firstCheckableUrl(cssUrls(view.getComputedStyle(el).backgroundImage, base, view.devicePixelRatio));
  if (own) return { url: own, kind: 'background' };
  for (const pseudo of ['::before', '::after']) {
    const style = view.getComputedStyle(el, pseudo);
    const url = firstCheckableUrl([...cssUrls(style.backgroundImage, base, view.devicePixelRatio), ...cssUrls(style.content, base, view.devicePixelRatio)]);
    if (url) return { url, kind: 'pseudo' };
  }
  return null;
}
