/** Turn a validated list into registry records, namespaced by source so two lists never overwrite each other. */
import type { RegistryContent, SourceId } from '../types.js';
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
    })),
    works: list.works.map((w) => ({
      id: ns(w.id),
      source,
      modelId: ns(w.model),
      title: w.title,
      fingerprints: w.fingerprints,
      detail: w.detail,
      addedAt: w.added ?? list.updated,
    })),
  };
}
