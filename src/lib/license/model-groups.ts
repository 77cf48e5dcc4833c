/**
 * Flagged images grouped by the model they were made with, so the popup says a model's verdict, terms and links
 * once above a grid of its images (and the card once per model when one image matches works of several). Pure:
 * unit-tested in Node.
 */
import type { ImageResult } from '../protocol/messages.js';
import { primary, sortFlagged } from './report-view.js';
import type { WorkMatch } from '../types.js';

export interface ModelGroup<T> {
  /** Source, model and verdict: one model of one list, with one verdict on this page. */
  key: string;
  /** The group's first match: its model, creator, license, verdict and source stand for the whole group. */
  match: WorkMatch;
  items: T[];
}

/**
 * A verdict is per model and site, so every match of one model on one page has the same one; it is in the key all
 * the same, so a group can never show one verdict for images that have another.
 */
export function modelKey(m: WorkMatch): string {
  return JSON.stringify([m.source, m.model.id, m.verdict]);
}

/** Groups in the order their first item comes: sort the items first and the groups follow that order. */
export function groupByModel<T>(items: readonly T[], matchOf: (item: T) => WorkMatch | undefined): Array<ModelGroup<T>> {
  const groups = new Map<string, ModelGroup<T>>();
  for (const item of items) {
    const m = matchOf(item);
    if (!m) continue;
    const key = modelKey(m);
    const g = groups.get(key);
    if (g) g.items.push(item);
    else groups.set(key, { key, match: m, items: [item] });
  }
  return [...groups.values()];
}

/**
 * The popup's blocks: flagged images under the model of the match each is shown with (`primary`), unlicensed
 * models first, then the model with the nearest copy; inside a block nearest first, then by URL (`sortFlagged`).
 */
export function flaggedByModel(flagged: readonly ImageResult[]): Array<ModelGroup<ImageResult>> {
  return groupByModel(sortFlagged(flagged), primary);
}

/** The card's blocks for one image: its matches by model, in the matcher's order (most urgent first). */
export function matchesByModel(matches: readonly WorkMatch[]): Array<ModelGroup<WorkMatch>> {
  return groupByModel(matches, (m) => m);
}
