/**
 * Smaller tools' records: NovelAI (Software "NovelAI", prompt in Description, settings JSON in Comment, model in
 * Source), Fooocus (JSON in `parameters`), InvokeAI (`invokeai_metadata` and the older `sd-metadata` JSON).
 */
import type { GenRecord } from '../types.js';
import { hexOrUndefined } from './a1111.js';
import { withModels } from './comfyui.js';
import { clip, clipName, isObject, safeJson } from './json.js';
import { GENMETA_LIMITS } from './limits.js';

export function parseNovelAI(texts: Map<string, string>): GenRecord | undefined {
  const software = texts.get('Software');
  if (!software?.startsWith('NovelAI')) return undefined;
  const comment = safeJson(texts.get('Comment') ?? '');
  const c = isObject(comment) ? comment : {};
  const rec: GenRecord = { tool: clipName(software) };
  rec.prompt = clip(texts.get('Description')) ?? clip(c.prompt);
  rec.negativePrompt = clip(c.uc);
  const source = clipName(texts.get('Source'));
  if (source) rec.model = { name: source };
  return rec;
}

export function parseFooocus(json: unknown): GenRecord | undefined {
  if (!isObject(json) || typeof json.base_model !== 'string') return undefined;
  const rec: GenRecord = { tool: typeof json.version === 'string' ? clipName(json.version) : 'Fooocus' };
  rec.prompt = clip(json.prompt);
  rec.negativePrompt = clip(json.negative_prompt);
  const loras = Array.isArray(json.loras)
    ? json.loras
        .filter((l): l is unknown[] => Array.isArray(l) && typeof l[0] === 'string')
        .slice(0, GENMETA_LIMITS.maxItems)
        .map((l) => ({ name: clipName(l[0]), hash: hexOrUndefined(l[2]) }))
    : [];
  return withModels(rec, [{ name: clipName(json.base_model), hash: hexOrUndefined(json.base_model_hash) }], loras);
}

export function parseInvokeAI(texts: Map<string, string>): GenRecord | undefined {
  const meta = safeJson(texts.get('invokeai_metadata') ?? '');
  if (isObject(meta)) {
    const model = isObject(meta.model) ? meta.model : {};
    const loras = Array.isArray(meta.loras)
      ? meta.loras.slice(0, GENMETA_LIMITS.maxItems).flatMap((l) => {
          const m = isObject(l) && (isObject(l.model) ? l.model : isObject(l.lora) ? l.lora : undefined);
          return m ? [{ name: clipName(m.model_name ?? m.name) }] : [];
        })
      : [];
    const rec: GenRecord = { tool: 'InvokeAI', prompt: clip(meta.positive_prompt), negativePrompt: clip(meta.negative_prompt) };
    const name = clipName(model.model_name ?? model.name);
    return withModels(rec, name ? [{ name, hash: hexOrUndefined(model.hash) }] : [], loras);
  }
  const old = safeJson(texts.get('sd-metadata') ?? '');
  if (!isObject(old)) return undefined;
  const image = isObject(old.image) ? old.image : {};
  const prompt = Array.isArray(image.prompt) && isObject(image.prompt[0]) ? image.prompt[0].prompt : image.prompt;
  const rec: GenRecord = { tool: clipName(`InvokeAI ${typeof old.app_version === 'string' ? old.app_version : ''}`), prompt: clip(prompt) };
  const name = clipName(old.model_weights);
  const hash = hexOrUndefined(old.model_hash);
  return withModels(rec, name || hash ? [{ name, hash }] : [], []);
}
