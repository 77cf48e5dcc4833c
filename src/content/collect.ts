/** Which <img> elements count as images a person sees, and the URL each one actually shows. */

/** Smaller than this on both its rendered and its natural side, an image is an icon, spacer or tracker. */
export const MIN_SIDE = 64;

export function collectImageUrls(doc: Document): string[] {
  const out = new Set<string>();
  for (const img of Array.from(doc.images)) {
    // Not loaded yet (or broken): the capturing load listener reports it when it arrives.
    if (!img.complete || img.naturalWidth === 0) continue;
    const rendered = Math.max(img.width, img.height);
    const natural = Math.max(img.naturalWidth, img.naturalHeight);
    if (rendered < MIN_SIDE && natural < MIN_SIDE) continue;
    // currentSrc is the srcset/<picture> candidate the browser chose to show.
    const url = img.currentSrc || img.src;
    if (/^(https?|data):/i.test(url)) out.add(url);
  }
  return [...out];
}
