/** Image URLs inside CSS values (`background-image`, `content`), resolved against a base URL. Pure. */

/**
 * Every url(...) in a computed CSS value, in order. Computed values are serialised by the browser as
 * `url("...")` with quotes escaped, but authored values may be unquoted or single-quoted: all three are read.
 * image-set(), gradients and `none` contribute nothing but their url()s.
 */
export function cssUrls(value: string, base: string): string[] {
  const out: string[] = [];
  const re = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)/gi;
  for (const m of value.matchAll(re)) {
    const raw = (m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
    if (!raw) continue;
    try {
      out.push(new URL(raw, base).href);
    } catch {
      // Not a URL the browser could load either.
    }
  }
  return out;
}

/** The first URL a checker can fetch (http, https or data:), or undefined. */
export function firstCheckableUrl(urls: readonly string[]): string | undefined {
  return urls.find((u) => /^(https?|data):/i.test(u));
}
