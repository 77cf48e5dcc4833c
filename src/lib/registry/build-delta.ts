/**
 * Delta editions (docs/registry.md): built on the previous edition's folder, a new edition keeps every previous
 * layer, publisher id and file, and adds one layer holding only the works no previous layer holds. A client that
 * holds the previous edition downloads the new manifest and that layer's summary; everything else is reused.
 * Only additions fit a delta (old layers cannot lose a work): a list that removed or changed a work, another key
 * plan, or the layer cap asks for a full rebuild (RebuildNeeded; the CLI then builds a new base layer).
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

/** The publisher's works the previous edition does not hold. Throws RebuildNeeded when a previous work is gone or changed. */
export async function newWorks(previous: PreviousEdition, record: PublisherRecord, list: LicenseList): Promise<LicenseList['works']> {
  const path = `lists/${record.listSha256}.json`;
  const bytes = await previous.get(path).catch((e: unknown) => {
    throw new RebuildNeeded(`the previous edition's ${path} cannot be read (${e instanceof Error ? e.message : String(e)})`);
  });
  const hashed = await checkHash(bytes, record.listSha256, path);
  const old = hashed.ok ? await verifyList(new TextDecoder().decode(bytes)) : hashed;
  if (!old.ok) throw new RebuildNeeded(`${path}: ${old.error}`);
  const now = new Map(list.works.map((w) => [w.id, JSON.stringify(w)]));
  for (const w of old.list.works) {
    const same = now.get(w.id);
    if (same === undefined) throw new RebuildNeeded(`${record.name}'s list no longer holds work ${w.id}`);
    if (same !== JSON.stringify(w)) throw new RebuildNeeded(`${record.name}'s list changed work ${w.id}`);
  }
  const held = new Set(old.list.works.map((w) => w.id));
  return list.works.filter((w) => !held.has(w.id));
}
