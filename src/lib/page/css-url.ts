/** Image URLs inside CSS values (`background-image`, `content`), resolved against a base URL. Pure. */
import { cssImageUrls } from './image-urls.js';

/**
 * Every image URL in a computed CSS value, resolved against `base`: the page scan's parser (image-urls.ts) reads
 * the value, so the right-click check and the scan agree on which image a background shows.
 */
export function cssUrls(value: string, base: string, dpr = 1): string[] {
  const out: string[] = [];
  for (const raw of cssImageUrls(value, dpr)) {
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
