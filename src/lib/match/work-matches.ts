/** The matcher's found works as WorkMatch records, each with its license verdict (license/verdict.ts). */
import { verdictFor, VERDICT_ORDER } from '../license/verdict.js';
import type { Creator, Model, WorkMatch } from '../types.js';
import type { Best } from './lookup-phases.js';
import type { PackedRegistry } from './indexing/packed-registry.js';

/** Found works (index position -> nearest hit) as WorkMatch records, most urgent verdict first, then nearest. */
export function workMatches(
  found: Map<number, Best>,
  packed: Pick<PackedRegistry, 'modelIds' | 'workModel' | 'workIds'>,
  models: ReadonlyMap<string, Model>,
  creators: ReadonlyMap<string, Creator>,
  pageUrl: string,
  now: Date,
): WorkMatch[] {
  const out: WorkMatch[] = [];
  for (const [work, best] of found) {
    const model = models.get(packed.modelIds[packed.workModel[work]!]!);
    if (!model) continue; // the model was removed after the index was stored: no verdict to give
    const creator = creators.get(model.creatorId);
    out.push({
      workId: packed.workIds[work]!,
      distance: best.distance,
      verdict: verdictFor(model, creator, pageUrl, now),
      source: model.source,
      model: { id: model.id, name: model.name, version: model.version, license: model.license },
      creator: {
        id: creator?.id ?? model.creatorId,
        name: creator?.name ?? '?',
        homepage: creator?.homepage,
        contact: creator?.contact,
      },
      reason: 'fingerprint',
      ...(best.hints ? { hints: best.hints } : {}),
    });
  }
  return out.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.distance - b.distance);
}
