/**
 * Conflicts between lists: when several sources claim works matching the same image, every claimant is shown
 * with its publisher; none silently overrides another. The matcher already returns every match with its
 * `source` and publisher (`creator`); this groups them for display.
 */
import type { SourceId, WorkMatch } from '../types.js';

export interface Claim {
  source: SourceId;
  publisher: string;
  model: string;
  distance: number;
}

/** One claim per source, in the matcher's order (most urgent verdict, then nearest). */
export function claimsOf(matches: readonly WorkMatch[]): Claim[] {
  const seen = new Map<SourceId, Claim>();
  for (const m of matches) {
    if (!seen.has(m.source)) seen.set(m.source, { source: m.source, publisher: m.creator.name, model: m.model.name, distance: m.distance });
  }
  return [...seen.values()];
}

/** The claims other than the first (shown in full): what the popup lists as "also claimed by". */
export function otherClaims(matches: readonly WorkMatch[]): Claim[] {
  return claimsOf(matches).slice(1);
}
