/**
 * Which images an element shows a person: `<img>` (its `currentSrc`, so srcset and <picture> give the candidate
 * actually shown), SVG `<image>`, `<video poster>`, `<input type=image>`, and every CSS image on the element or its
 * ::before/::after (background layers, image-set(), content, border-image, mask, list-style). Also walks a
 * subtree into open shadow roots (and closed ones where the browser lets content scripts in).
 * String parsing lives in src/lib/page/image-urls.ts; this file only reads the DOM.
 */
import { cssImageUrls, readableImageUrl, tooSmall } from '../../lib/page/index.js';

export interface Found {
  el: Element;
  url: string;
  /** An `<img>` whose rendered size was not measured (the caller checks it from its intersection report). */
  unmeasured?: boolean;
}

type CssProp = 'backgroundImage' | 'borderImageSource' | 'maskImage' | 'listStyleImage' | 'content';
const CSS_PROPS: CssProp[] = ['backgroundImage', 'borderImageSource', 'maskImage', 'listStyleImage'];
const PSEUDO_PROPS: CssProp[] = ['content', 'backgroundImage', 'maskImage'];

/** Chrome exposes closed shadow roots to content scripts as chrome.dom.openOrClosedShadowRoot; Firefox as element.openOrClosedShadowRoot. */
export function shadowOf(el: Element): ShadowRoot | null {
  if (el.shadowRoot) return el.shadowRoot;
  const g = globalThis as unknown as { chrome?: { dom?: { openOrClosedShadowRoot?(e: Element): ShadowRoot | null } } };
  try {
    const ff = (el as unknown as { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
    if (ff) return ff;
    return g.chrome?.dom?.openOrClosedShadowRoot?.(el) ?? null;
  } catch {
    return null;
  }
}

function absolute(url: string, base: string): string | undefined {
  try {
    const u = new URL(url, base).href;
    return readableImageUrl(u) ? u : undefined;
  } catch {
    return undefined;
  }
}

/** The element's rendered box; an element with no box at all (display: none, detached) shows nothing: 0 x 0. */
function visibleBox(el: Element): { width: number; height: number } {
  const r = el.getBoundingClientRect();
  return r.width < 1 || r.height < 1 ? { width: 0, height: 0 } : { width: r.width, height: r.height };
}

/**
 * The images `el` shows itself (not its children). `measure: false` leaves an `<img>`'s rendered size to the
 * caller (reported as `unmeasured`): reading it here would force a layout in the middle of the page's own updates.
 */
export function imagesOf(el: Element, add: (f: Found) => void, measure = true, loading?: (img: HTMLImageElement) => void): void {
  const base = el.ownerDocument.baseURI;
  const push = (raw: string | null | undefined) => {
    const url = raw ? absolute(raw, base) : undefined;
    if (url) add({ el, url });
  };
  if (el instanceof HTMLImageElement) {
    // Not loaded yet or broken: the capturing load listener brings it back when it arrives. One still loading is
    // told to `loading`: the scanner holds off-screen images while on-screen ones are on their way.
    if (!el.complete) return loading?.(el);
    if (el.naturalWidth === 0) return;
    const url = measure ? undefined : absolute(el.currentSrc || el.src, base);
    if (url) return add({ el, url, unmeasured: true });
    if (!measure) return;
    const box = visibleBox(el);
    if (!box.width || tooSmall(box, { width: el.naturalWidth, height: el.naturalHeight })) return;
    push(el.currentSrc || el.src);
    return;
  }
  if (el instanceof HTMLInputElement) {
    if (el.type === 'image' && el.src && !tooSmall(visibleBox(el))) push(el.src);
  } else if (el instanceof HTMLVideoElement) {
    if (el.poster && !tooSmall(visibleBox(el))) push(el.poster);
  } else if (el instanceof SVGImageElement) {
    const href = el.href.baseVal || el.getAttribute('xlink:href');
    if (href && !tooSmall(visibleBox(el))) push(href);
    return;
  }
  cssImages(el, push);
}

function cssImages(el: Element, push: (url: string) => void): void {
  const view = el.ownerDocument.defaultView;
  if (!view) return;
  const style = view.getComputedStyle(el);
  if (style.display === 'none') return;
  let box: { width: number; height: number } | undefined;
  const big = () => !tooSmall((box ??= visibleBox(el)));
  for (const prop of CSS_PROPS) {
    const value = prop === 'maskImage' ? style.maskImage || style.getPropertyValue('-webkit-mask-image') : style[prop];
    if (!value || value === 'none' || !value.includes('(')) continue;
    if (prop === 'listStyleImage' && style.display !== 'list-item') continue;
    if (!big()) return;
    // Every layer; of an image-set() the candidate this screen's density shows.
    for (const url of cssImageUrls(value, view.devicePixelRatio)) push(url);
  }
  for (const pseudo of ['::before', '::after']) {
    const ps = view.getComputedStyle(el, pseudo);
    if (!ps.content || ps.content === 'none' || ps.content === 'normal') {
      if (ps.backgroundImage === 'none' || !ps.backgroundImage) continue;
    }
    for (const prop of PSEUDO_PROPS) {
      const value = ps[prop];
      if (!value || (!value.includes('url(') && !value.includes('image-set('))) continue;
      if (!big()) return;
      for (const url of cssImageUrls(value, view.devicePixelRatio)) push(url);
    }
  }
}

/**
 * Every element under `root`, descending into shadow roots (reported through `onShadow` so the caller can
 * observe them too) and skipping `skip` (the extension's own layer). A generator, so the caller can spread the
 * walk over several tasks.
 */
export function* elementsUnder(root: Node, skip: (el: Element) => boolean, onShadow: (r: ShadowRoot) => void): Generator<Element> {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    const doc = node.ownerDocument ?? (node as Document);
    const walker = doc.createTreeWalker(node, NodeFilter.SHOW_ELEMENT, {
      acceptNode: (n) => (skip(n as Element) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    let el: Node | null = node.nodeType === Node.ELEMENT_NODE && !skip(node as Element) ? node : walker.nextNode();
    while (el) {
      yield el as Element;
      const sr = shadowOf(el as Element);
      if (sr) {
        onShadow(sr);
        stack.push(sr);
      }
      el = walker.nextNode();
    }
  }
}

/** True while `el` still shows `url` (checked again before each mark placement pass). */
export function stillShows(el: Element, url: string): boolean {
  if (el instanceof HTMLImageElement) return (el.currentSrc || el.src) === url;
  let hit = false;
  imagesOf(el, (f) => (hit ||= f.url === url));
  return hit;
}
