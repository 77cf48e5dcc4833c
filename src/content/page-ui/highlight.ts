/**
 * "Show on page" from the popup: scroll the image with a given URL into view and draw a ring around it for a few
 * seconds, in the extension's layer (the page's elements are never restyled).
 */
import { layer } from './layer.js';
import { imageOf } from './context-target.js';

const SHOW_MS = 3000;
const RING_CSS = `.ll-ring { position: absolute; top: 0; left: 0; border: 4px solid #ffb300; border-radius: 6px;
  box-shadow: 0 0 0 3px rgba(0,0,0,.6), 0 0 18px 4px rgba(255,179,0,.8); pointer-events: none; }`;

/** The first visible element showing this URL (an <img>, or an element whose background or pseudo-element shows it). */
export function findImage(url: string, doc: Document = document): Element | undefined {
  for (const img of Array.from(doc.images)) if ((img.currentSrc || img.src) === url && visible(img)) return img;
  // Backgrounds: only elements with a computed background are candidates; the walk is bounded by the DOM size.
  for (const el of Array.from(doc.querySelectorAll('body *'))) if (imageOf(el)?.url === url && visible(el)) return el;
  return undefined;
}

function visible(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}

export function highlight(url: string): { found: boolean } {
  const el = findImage(url);
  if (!el) return { found: false };
  // Smooth scrolling is animated by frames, which a hidden tab does not get: jump there instead.
  const instant = document.visibilityState === 'hidden' || matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: instant ? 'instant' : 'smooth' });
  const root = layer(RING_CSS);
  const ring = document.createElement('div');
  ring.className = 'll-ring';
  root.append(ring);
  const end = performance.now() + SHOW_MS;
  const follow = (now: number) => {
    const r = el.getBoundingClientRect();
    ring.style.transform = `translate(${r.left - 6}px, ${r.top - 6}px)`;
    ring.style.width = `${r.width + 12}px`;
    ring.style.height = `${r.height + 12}px`;
    if (now < end && el.isConnected) requestAnimationFrame(follow);
    else ring.remove();
  };
  follow(performance.now());
  return { found: true };
}
