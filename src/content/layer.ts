/**
 * The extension's own layer on a page: one host element under <html> holding a closed shadow root. Marks on
 * images and the right-click card are drawn inside it, so they never change the page's layout or its elements'
 * attributes, page styles cannot reach them, and page scripts cannot read them (the root is closed).
 * The host is fixed, covers the viewport, and lets every pointer event through except on elements that opt in
 * with `pointer-events: auto`.
 */
let root: ShadowRoot | undefined;
let host: HTMLElement | undefined;

const BASE_CSS = `
:host { all: initial !important; position: fixed !important; inset: 0 !important; pointer-events: none !important;
  z-index: 2147483647 !important; display: block !important; contain: strict; }
* { box-sizing: border-box; }
`;

export function layer(): ShadowRoot {
  if (root && host?.isConnected) return root;
  host = document.createElement('license-lens-layer');
  root = host.attachShadow({ mode: 'closed' });
  addStyle(BASE_CSS);
  document.documentElement.append(host);
  return root;
}

/** Adds a stylesheet to the layer (each caller once, for its own elements). */
export function addStyle(css: string): void {
  const r = root ?? layer();
  const style = document.createElement('style');
  style.textContent = css;
  r.append(style);
}

/** The host element, so callers can ignore it when observing DOM changes. */
export function layerHost(): HTMLElement | undefined {
  return host;
}
