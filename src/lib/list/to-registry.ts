/** Turn a validated list into registry records, namespaced by source so two lists never overwrite each other. */
import { mapSliced } from '../time-slice.js';
import type { RegistryContent, SourceId, Work } from '../types.js';
import type { LicenseList } from './schema.js';

export function listToRegistry(list: LicenseList, source: SourceId): RegistryContent {
  const ns = (id: string) => `${source}/${id}`;
  const creatorId = ns('publisher');
  return {
    creators: [{ id: creatorId, source, ...list.publisher }],
    models: list.models.map((m) => ({
      id: ns(m.id),
      source,
      creatorId,
      name: m.name,
      version: m.version,
      baseModel: m.baseModel,
      hashes: m.hashes,
      license: m.license,
      licensees: m.licensees,
      ...(m.report ? { report: m.report } : {}),
    })),
    works: list.works.map(workOf(list, source)),
  };
}

function workOf(list: LicenseList, source: SourceId): (w: LicenseList['works'][number]) => Work {
  return (w) => ({
    id: `${source}/${w.id}`,
    source,
    modelId: `${source}/${w.model}`,
    title: w.title,
    fingerprints: w.fingerprints,
    detail: w.detail,
    ...(w.size ? { size: { width: w.size.width, height: w.size.height } } : {}),
    ...(w.chroma ? { chroma: w.chroma } : {}),
    ...(w.sha256 ? { sha256: w.sha256 } : {}),
    addedAt: w.added ?? list.updated,
  });
}

/** listToRegistry with the works turned into records in time slices (a 180,000-work list, issue 19.6). */
export async function listToRegistrySliced(list: LicenseList, source: SourceId): Promise<RegistryContent> {
  const head = listToRegistry({ ...list, works: [] }, source);
  return { ...head, works: await mapSliced(list.works, workOf(list, source)) };
}
