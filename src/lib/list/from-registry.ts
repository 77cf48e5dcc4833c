/**
 * The other direction of to-registry.ts: the user's own registrations (source 'own') as a list draft to sign and
 * publish. Only the fields of the list format are copied, and record ids become list ids (the "own/" namespace
 * dropped, other characters replaced) so the published file does not depend on how the extension keys records.
 */
import type { RegistryContent } from '../types.js';
import { LIST_FORMAT, LIST_FORMAT_VERSION, type ListDraft } from './schema.js';

const ID_RE = /^[A-Za-z0-9._~-]{1,100}$/;

function idMaker(): (raw: string) => string {
  const used = new Set<string>();
  return (raw) => {
    let base = raw.replace(/^own\//, '').replace(/[^A-Za-z0-9._~-]/g, '-').slice(0, 90) || 'x';
    if (!ID_RE.test(base)) base = 'x';
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
    used.add(id);
    return id;
  };
}

export interface DraftOptions {
  /** Stable per publisher key, so subscribers recognise a new edition as the same list. */
  listId: string;
  /** Version of the last edition this creator exported: the new one is always above it. */
  lastVersion?: number;
  now?: Date;
}

export function ownListDraft(own: RegistryContent, opts: DraftOptions): ListDraft {
  const mine = { creators: own.creators.filter((c) => c.source === 'own'), models: own.models.filter((m) => m.source === 'own'), works: own.works.filter((w) => w.source === 'own') };
  const creator = mine.creators[0];
  if (!creator?.name?.trim()) throw new Error('fill in your creator profile (at least a display name) before publishing a list');
  const now = opts.now ?? new Date();
  const modelId = idMaker();
  const workId = idMaker();
  const modelIds = new Map(mine.models.map((m) => [m.id, modelId(m.id)]));
  return {
    format: LIST_FORMAT,
    formatVersion: LIST_FORMAT_VERSION,
    id: opts.listId,
    name: `${creator.name.trim().slice(0, 150)}: registered works`,
    // Seconds since 1970, and above the last published edition (two exports within one second, or a clock set
    // back, still give subscribers a newer version: they refuse an older one).
    version: Math.max(Math.floor(now.getTime() / 1000), (opts.lastVersion ?? 0) + 1),
    updated: now.toISOString(),
    publisher: { name: creator.name, homepage: creator.homepage || undefined, contact: creator.contact || undefined },
    models: mine.models.map((m) => ({
      id: modelIds.get(m.id)!,
      name: m.name,
      version: m.version || undefined,
      baseModel: m.baseModel || undefined,
      hashes: m.hashes && (m.hashes.sha256 || m.hashes.autov2) ? { sha256: m.hashes.sha256 || undefined, autov2: m.hashes.autov2 || undefined } : undefined,
      license: {
        personalUse: m.license.personalUse,
        commercialUse: m.license.commercialUse,
        price: m.license.price || undefined,
        attributionRequired: m.license.attributionRequired,
        derivativesAllowed: m.license.derivativesAllowed,
        licenseUrl: m.license.licenseUrl || undefined,
        contact: m.license.contact || undefined,
        summary: m.license.summary || undefined,
      },
      licensees: m.licensees.map((l) => ({ name: l.name, sites: l.sites, expires: l.expires || undefined })),
    })),
    works: mine.works
      .filter((w) => modelIds.has(w.modelId) && w.fingerprints.length)
      .map((w) => ({ id: workId(w.id), model: modelIds.get(w.modelId)!, title: w.title || undefined, fingerprints: w.fingerprints.slice(0, 64), detail: w.detail, ...(w.size ? { size: w.size } : {}), ...(w.chroma ? { chroma: w.chroma } : {}), ...(w.sha256 ? { sha256: w.sha256 } : {}), added: w.addedAt || undefined })),
  };
}
