/**
 * The extension's own layer on a page: one host element under <html> holding a closed shadow root, created when
 * the first thing is drawn (a mark, the card, a highlight), never before. Marks and the card are drawn inside it,
 * so they never change the page's layout or its elements' attributes, page styles cannot reach them, and page
 * scripts cannot read them (the root is closed). The host is a plain `<div>` with no attribute, fixed over the
 * viewport, and takes no hit tests; only the card opts in with `pointer-events: auto`. What a page can still
 * observe is listed in docs/security.md.
 *
 * A page may remove the host: the next call makes a new one, and every caller's stylesheet is added to each new
 * root (before, a module added its sheet once per page, so marks drawn after a removal were unstyled for good).
 */
let root: ShadowRoot | undefined;
let host: HTMLElement | undefined;
/** The stylesheets already in the current root. */
let styled = new Set<string>();

const BASE_CSS = `
:host { all: initial !important; position: fixed !important; inset: 0 !important; pointer-events: none !important;
  z-index: 2147483647 !important; display: block !important; contain: strict; }
* { box-sizing: border-box; }
`;

/** The layer's root, made again if the page removed it, with `css` (the caller's own stylesheet) in it. */
export function layer(css: string): ShadowRoot {
  if (!root || !host?.isConnected) {
    host = document.createElement('div');
    root = host.attachShadow({ mode: 'closed' });
    styled = new Set();
    document.documentElement.append(host);
  }
  for (const sheet of [BASE_CSS, css]) {
    if (styled.has(sheet)) continue;
    const style = document.createElement('style');
    style.textContent = sheet;
    root.append(style);
    styled.add(sheet);
  }
  return root;
}

/** The host element, so callers can ignore it when observing DOM changes. */
export function layerHost(): HTMLElement | undefined {
  return host;
}
