/**
 * What one popup refresh asks and redraws (main.ts, load.ts), decided here without the browser: the tab's frames are
 * learnt again only when the page may have new ones, and each part of the popup is redrawn only when what it shows
 * changed (the flagged list keeps its elements, and so keyboard focus, while the scan goes on). Pure.
 */
import { countsOf, popupState, type PopupInput } from '../lib/license/index.js';
import type { TabReport } from '../lib/protocol/index.js';

/** A tab's frame ids (`tab/frames`), with the page they were learnt on (`frameBasis`) and how many polls since. */
export interface KnownFrames {
  ids: readonly number[];
  basis: string;
  age: number;
}

/**
 * Polls after which the frames are learnt again whatever the page says: a frame added while no image is being
 * checked (its images all still waiting) shows in the page's count only once one is; this bounds how long its
 * waiting images can go uncounted.
 */
export const FRAMES_MAX_AGE = 5;

/**
 * What the frames were learnt against: the page (a navigation replaces its frames) and how many images it has
 * checked (a frame added since has its images checked too, so a page whose count stands still has no new frame).
 */
export function frameBasis(report: Pick<TabReport, 'pageUrl' | 'checked'> | undefined): string {
  return JSON.stringify([report?.pageUrl ?? null, report?.checked ?? null]);
}

/** The frame ids to ask for their progress, or undefined: learn the tab's frames again first. */
export function framesToAsk(known: KnownFrames | undefined, basis: string, loading: boolean): readonly number[] | undefined {
  return known && !loading && known.basis === basis && known.age < FRAMES_MAX_AGE ? known.ids : undefined;
}

/**
 * The frames to keep for the next refresh after asking `ids` (`known`'s, or learnt now): none while the tab loads,
 * or when a frame did not answer (it went away, or a navigation replaced it).
 */
export function keepFrames(known: KnownFrames | undefined, ids: readonly number[] | undefined, basis: string, answers: number, loading: boolean): KnownFrames | undefined {
  if (!ids || loading || answers !== ids.length) return undefined;
  return { ids, basis, age: known?.ids === ids ? known.age + 1 : 0 };
}

/** What the popup's parts show, each as a key: a part is redrawn only when its key changed. */
export interface PartKeys {
  /** The state line, the counts and the pause switch. */
  status: string;
  /** The flagged images by model. */
  list: string;
}

/** The keys of what a refresh would draw from `input` and the page's current report (`report`, currentReport). */
export function partKeys(input: PopupInput, report: TabReport | undefined, autoScan: boolean | undefined): PartKeys {
  return {
    status: JSON.stringify([popupState(input), report ? countsOf(report) : null, input.tabUrl ?? null, autoScan ?? null]),
    list: JSON.stringify([report?.pageUrl ?? null, report?.flagged.map((f) => [f.url, f.checkedAt]) ?? []]),
  };
}

/** Which parts to redraw: those whose key changed since the last drawing (`last`: none yet, everything). */
export function partsToDraw(last: PartKeys | undefined, next: PartKeys): { status: boolean; list: boolean } {
  return { status: last?.status !== next.status, list: last?.list !== next.list };
}
