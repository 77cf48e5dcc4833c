/**
 * Which flagged images are still on a tab's page. Each frame's content script reports the flagged image URLs it
 * still shows (whenever that set changes); the toolbar badge counts a flagged result while some frame shows it.
 * A result no frame ever reported (a right-click check, a batch whose report has not come yet) still counts:
 * only an image that was reported and then left every frame stops counting. The popup's list and counts go through
 * the same filter (reportOnPage).
 */
/** Image URL (the background's result key) to the frames that show it now; [] once every frame dropped it. */
export type Presence = Record<string, number[]>;

/** `frameId` now shows exactly `shown` (among flagged images): a new map, the input left as it was. */
export function withFrame(p: Presence, frameId: number, shown: readonly string[]): Presence {
  const out: Presence = Object.create(null) as Presence;
  for (const [url, frames] of Object.entries(p)) out[url] = frames.filter((f) => f !== frameId);
  for (const url of new Set(shown)) out[url] = [...(out[url] ?? []), frameId];
  return out;
}

export function stillShown(p: Presence, url: string): boolean {
  const frames = Object.hasOwn(p, url) ? p[url] : undefined;
  return frames === undefined || frames.length > 0;
}

/** The flagged results the badge counts: those still shown somewhere on the page. */
export function onPage<T extends { url: string }>(flagged: readonly T[], p: Presence): T[] {
  return flagged.filter((r) => stillShown(p, r.url));
}

/**
 * A tab's report as the popup shows it: flagged = what the badge counts (`onPage`), so the two never disagree.
 * `checked` stays every image checked on the page since it loaded, those since removed or replaced included
 * (docs/popup-and-check.md): only flagged images' presence is tracked.
 */
export function reportOnPage<R extends { flagged: Array<{ url: string }> }>(report: R, p: Presence): R {
  return { ...report, flagged: onPage(report.flagged, p) };
}
