/**
 * The only way extension pages build DOM: elements and text nodes, never HTML strings, because list text comes
 * from strangers. `h('a', { href }, 'text')` sets properties and appends children as text.
 */
type Child = Node | string | number | false | null | undefined;
type Props = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role') el.setAttribute(k, String(v));
    else (el as unknown as Record<string, unknown>)[k] = v;
  }
  for (const c of children) if (c !== false && c !== null && c !== undefined) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

/** Only http(s) links from lists become clickable; anything else (javascript:, data:) stays text. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
