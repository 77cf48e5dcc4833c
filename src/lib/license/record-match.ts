/**
 * Ties a generation record to registered models: the file's model hash (AutoV2, the first 10 hex of the model
 * file's SHA-256, or the full SHA-256), its LoRA hashes, and its checkpoint / LoRA file names against each model's
 * `hashes` and name. Each model found gives one WorkMatch with reason 'generation-record'; its workId is
 * `record:<model id>` (no registered work is involved) and its distance 0. Pure, so it is unit-tested directly.
 */
import type { Creator, GenRecord, Model, WorkMatch } from '../types.js';
import { verdictFor, VERDICT_ORDER } from './verdict.js';

export type RecordEvidence = 'model-hash' | 'lora-hash' | 'model-name' | 'lora-name';

const HEX = /^[0-9a-f]+$/;
const MODEL_EXT = /\.(safetensors|ckpt|pt|pth|bin|gguf|sft)$/i;

/** Does a hash from a file name this model? AutoV2 (10 hex) against `autov2` or the SHA-256's prefix; a full SHA-256 against `sha256` or, cut to 10, `autov2`. */
export function hashMatches(fileHash: string | undefined, model: Pick<Model, 'hashes'>): boolean {
  const h = fileHash?.trim().toLowerCase();
  if (!h || !HEX.test(h) || h.length < 10) return false; // 8-hex legacy A1111 hashes cover a sample, not the file
  const sha = model.hashes?.sha256?.trim().toLowerCase();
  const v2 = model.hashes?.autov2?.trim().toLowerCase() ?? sha?.slice(0, 10);
  if (h.length === 64) return h === sha || (!!v2 && h.slice(0, 10) === v2);
  if (h.length === 10) return h === v2;
  return false; // other lengths (A1111's 12-hex LoRA "AutoV3" hashes the tensor data, not the file): not comparable
}

/** "models/SDXL/Portrait_Muse-v2.safetensors" -> "portraitmusev2": path, extension, case and separators dropped. */
export function normaliseModelName(name: string): string {
  const base = name.trim().split(/[\\/]/).pop() ?? '';
  return base.replace(MODEL_EXT, '').toLowerCase().replace(/[\s_\-.]+/g, '');
}

/** Names a model goes by in file names: its name, and its name with its version. Short names are too common to tie anything. */
function namesOf(model: Pick<Model, 'name' | 'version'>): string[] {
  const names = [model.name, model.version ? `${model.name} ${model.version}` : ''].map(normaliseModelName);
  return names.filter((n) => n.length >= 4);
}

export function recordEvidence(record: GenRecord, model: Model): RecordEvidence | undefined {
  const checkpoints = [record.model, ...(record.otherModels ?? [])].filter((m) => m !== undefined);
  const loras = record.loras ?? [];
  if (checkpoints.some((m) => hashMatches(m.hash, model))) return 'model-hash';
  if (loras.some((l) => hashMatches(l.hash, model))) return 'lora-hash';
  const names = new Set(namesOf(model));
  const named = (m: { name?: string }) => !!m.name && names.has(normaliseModelName(m.name));
  if (checkpoints.some(named)) return 'model-name';
  if (loras.some(named)) return 'lora-name';
  return undefined;
}

export function matchRecord(
  record: GenRecord | undefined,
  registry: { models: Model[]; creators: Creator[] },
  pageUrl: string,
  now = new Date(),
): WorkMatch[] {
  if (!record || (!record.model && !record.otherModels?.length && !record.loras?.length)) return [];
  const creators = new Map(registry.creators.map((c) => [c.id, c]));
  const out: WorkMatch[] = [];
  for (const model of registry.models) {
    if (!recordEvidence(record, model)) continue;
    const creator = creators.get(model.creatorId);
    out.push({
      workId: `record:${model.id}`,
      distance: 0,
      verdict: verdictFor(model, creator, pageUrl, now),
      source: model.source,
      model: { id: model.id, name: model.name, version: model.version, license: model.license },
      creator: { id: creator?.id ?? model.creatorId, name: creator?.name ?? '?', homepage: creator?.homepage, contact: creator?.contact },
      reason: 'generation-record',
    });
  }
  return out.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]);
}
