/**
 * The key a `data:` image's result is stored under, the same for the page scan (content/scan/inline.ts) and the
 * right-click check (background/right-click/context-check.ts), so one image is one result whichever path saw it first.
 */

/**
 * Longest URL or inline data: URL one image may send (about 3 MB of bytes once base64 is undone). Here rather than
 * in messages.ts, which re-exports it, so that the content script does not load the message table's schemas.
 */
export const MAX_INLINE_CHARS = 4_000_000;

/** data: URLs up to this length are their own key; longer ones get a short key with a content hash. */
const MAX_KEY_CHARS = 2048;

/** A stable short key for a long data: URL (FNV-1a over a sample of the text plus its length). */
export function inlineKey(url: string): string {
  if (url.length <= MAX_KEY_CHARS) return url;
  let h = 0x811c9dc5;
  const step = Math.max(1, Math.floor(url.length / 65536));
  for (let i = 0; i < url.length; i += step) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193);
  const mime = /^data:([^;,]*)/.exec(url)?.[1] || 'application/octet-stream';
  return `data:${mime};ll-key=${(h >>> 0).toString(16)}-${url.length},`;
}
