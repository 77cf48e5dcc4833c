/**
 * Delta editions (docs/registry.md): built on the previous edition's folder, a new edition keeps every previous
 * layer, publisher id and file, and adds one layer holding only the works no previous layer holds. A client that
 * holds the previous edition downloads the new manifest and that layer's summary; everything else is reused.
 * Only additions fit a delta (old layers cannot lose a work, and their packs keep the models they were built with): a
 * list that removed or changed a work, changed a model (terms, licensees, report channel) or its publisher fields,
 * another key plan, or the layer cap asks for a full rebuild (RebuildNeeded; the CLI then builds a new base layer).
 */
import { verifyList, type LicenseList } from '../list/index.js';
import type { KeyPlan, PublisherRecord, RegistryManifest } from './manifest.js';
import { checkHash } from './digest.js';

/** Layers an edition may have before the builder writes a new base (each layer is one more filter per lookup). */
export const MAX_LAYERS = 32;

export class RebuildNeeded extends Error {}

/** The previous edition a delta builds on: its verified manifest and its files (lists/ read back). */
export interface PreviousEdition {
  manifest: RegistryManifest;
  /** Reads a file of its folder by relative path (lookup.ts GetFile's shape). */
  get: (path: string) => Promise<Uint8Array>;
}

export function assertDeltaFits(previous: RegistryManifest, plan: KeyPlan): void {
  if (JSON.stringify(previous.keyPlan) !== JSON.stringify(plan)) throw new RebuildNeeded('the key plan changed');
  if (previous.layers.length >= MAX_LAYERS) throw new RebuildNeeded(`the previous edition has ${previous.layers.length} layers, the most a delta builds on`);
}

/** The id a new layer gets: one above every previous layer's. */
export function nextLayerId(previous: RegistryManifest): number {
  return Math.max(...previous.layers.map((l) => l.id)) + 1;
}

/**
 * The publisher's works the previous edition does not hold. Throws RebuildNeeded when a previous work is gone or
 * changed, or when anything a verdict reads besides the works changed: the old packs would keep the old model.
 */
export async function newWorks(previous: PreviousEdition, record: PublisherRecord, list: LicenseList): Promise<LicenseList['works']> {
  const path = `lists/${record.listSha256}.json`;
  const bytes = await previous.get(path).catch((e: unknown) => {
    throw new RebuildNeeded(`the previous edition's ${path} cannot be read (${e instanceof Error ? e.message : String(e)})`);
  });
  const hashed = await checkHash(bytes, record.listSha256, path);
  const old = hashed.ok ? await verifyList(new TextDecoder().decode(bytes)) : hashed;
  if (!old.ok) throw new RebuildNeeded(`${path}: ${old.error}`);
  assertSameTerms(record.name, old.list, list);
  const now = new Map(list.works.map((w) => [w.id, JSON.stringify(w)]));
  for (const w of old.list.works) {
    const same = now.get(w.id);
    if (same === undefined) throw new RebuildNeeded(`${record.name}'s list no longer holds work ${w.id}`);
    if (same !== JSON.stringify(w)) throw new RebuildNeeded(`${record.name}'s list changed work ${w.id}`);
  }
  const held = new Set(old.list.works.map((w) => w.id));
  return list.works.filter((w) => !held.has(w.id));
}

/** A model the old list defined must be the same in the new one (a new model is fine: only new works name it). */
function assertSameTerms(name: string, old: LicenseList, list: LicenseList): void {
  if (JSON.stringify(old.publisher) !== JSON.stringify(list.publisher)) throw new RebuildNeeded(`${name}'s list changed its publisher details`);
  const now = new Map(list.models.map((m) => [m.id, JSON.stringify(m)]));
  for (const m of old.models) {
    const same = now.get(m.id);
    if (same === undefined) throw new RebuildNeeded(`${name}'s list no longer holds model ${m.id}`);
    if (same !== JSON.stringify(m)) throw new RebuildNeeded(`${name}'s list changed model ${m.id} (its terms, licensees or report channel)`);
  }
}
