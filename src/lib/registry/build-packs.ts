/**
 * Builder, first half: one verified list at a time becomes work packs (written at once) and key entries (spilled by
 * bucket range, key-entries.ts): memory holds neither the works' records nor all their keys.
 */
import type { LicenseList } from '../list/index.js';
import { workKeys } from './keys.js';
import type { KeyPlan } from './manifest.js';
import { PACK_FORMAT, PACK_WORKS, type Pack } from './shard.js';
import { sha256Hex } from './digest.js';
import type { KeyEntries, WriteFile } from './key-entries.js';

export { KeyEntries, memorySpill, type SpillStore, type WriteFile } from './key-entries.js';

export interface PackState {
  plan: KeyPlan;
  write: WriteFile;
  entries: KeyEntries;
  /** Pack hashes in the order written (a key entry names its pack by this index). */
  packHashes: string[];
  fingerprints: number;
  works: number;
  /** SHA-256 as hex (default: WebCrypto's). */
  sha256?: (bytes: Uint8Array) => string | Promise<string>;
}

const utf8 = new TextEncoder();

export function packBytes(pack: Pack): Uint8Array {
  return utf8.encode(JSON.stringify(pack));
}

/** Packs one publisher's works, in id order (deterministic: the same list gives the same packs and entries). */
export async function packList(state: PackState, publisher: number, list: LicenseList): Promise<void> {
  const works = [...list.works].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const models = new Map(list.models.map((m) => [m.id, m]));
  for (let start = 0; start < works.length; start += PACK_WORKS) {
    const chunk = works.slice(start, start + PACK_WORKS);
    const named = [...new Set(chunk.map((w) => w.model))].sort();
    const pack: Pack = {
      format: PACK_FORMAT,
      models: named.map((id) => ({ publisher, model: models.get(id)! })),
      works: chunk.map((work) => ({ publisher, work })),
    };
    const bytes = packBytes(pack);
    const hash = await (state.sha256 ?? sha256Hex)(bytes);
    await state.write(`packs/${hash}.json`, bytes);
    const index = state.packHashes.push(hash) - 1;
    for (let slot = 0; slot < chunk.length; slot++) {
      const w = chunk[slot]!;
      for (const key of workKeys(w.fingerprints, state.plan, w.detail)) if (state.entries.push(key, index, slot)) await state.entries.flush();
      state.fingerprints += w.fingerprints.length;
      state.works++;
    }
  }
}
