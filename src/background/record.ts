/**
 * The generation record of a fetched image and the registered models it names. The models come from the registry
 * through a small cache of its own (the fingerprint matcher keeps its own), dropped by `invalidateRecordModels`
 * whenever the matcher is (state.ts), and rebuilt from IndexedDB after the worker restarts.
 */
import { readGenRecord } from '../lib/genmeta/index.js';
import { matchRecord } from '../lib/license/index.js';
import type { Creator, GenRecord, Model, WorkMatch } from '../lib/types.js';
import { readAll } from '../storage/registry.js';
import { ready } from './registry-db.js';

let modelsPromise: Promise<{ models: Model[]; creators: Creator[] }> | undefined;

export function registryModels(): Promise<{ models: Model[]; creators: Creator[] }> {
  modelsPromise ??= ready()
    .then(readAll)
    .then(({ models, creators }) => ({ models, creators }))
    .catch((e: unknown) => {
      modelsPromise = undefined;
      throw e;
    });
  return modelsPromise;
}

export function invalidateRecordModels(): void {
  modelsPromise = undefined;
}

export interface RecordResult {
  record?: GenRecord;
  /** Registered models the record names, as matches with reason 'generation-record'. */
  matches: WorkMatch[];
}

export async function readRecord(bytes: Uint8Array, pageUrl: string): Promise<RecordResult> {
  const record = await readGenRecord(bytes);
  if (!record) return { matches: [] };
  return { record, matches: await recordMatches(record, pageUrl) };
}

/** The registered models a record names (read here, or by Chrome's offscreen document from the same parser). */
export async function recordMatches(record: GenRecord, pageUrl: string): Promise<WorkMatch[]> {
  return matchRecord(record, await registryModels(), pageUrl);
}
