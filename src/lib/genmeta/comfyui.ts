/**
 * ComfyUI records. `prompt` is the API graph ({id: {class_type, inputs}}) that ran: loaders name their files in
 * `ckpt_name` / `unet_name` (checkpoints, diffusion models) and `lora_name`; the prompt is the text node a
 * sampler's `positive` / `negative` input leads to. `workflow` is the editor's graph ({nodes: [{type,
 * widgets_values}]}), read only for loader file names when no API graph is there.
 */
import type { GenRecord } from '../types.js';
import { GENMETA_LIMITS } from './limits.js';
import { clip, clipName, isObject } from './json.js';

type Named = { name?: string; hash?: string };

const MODEL_INPUTS = ['ckpt_name', 'unet_name'];
const TEXT_INPUTS = ['text', 'text_g', 'prompt', 't5xxl', 'clip_l'];
const MAX_HOPS = 8;

export function parseComfyPrompt(graph: unknown): GenRecord | undefined {
  if (!isObject(graph)) return undefined;
  const nodes = Object.entries(graph).filter((e): e is [string, Record<string, unknown>] => isObject(e[1]) && isObject(e[1].inputs));
  if (!nodes.length) return undefined;
  const models: Named[] = [];
  const loras: Named[] = [];
  for (const [, node] of nodes) {
    const inputs = node.inputs as Record<string, unknown>;
    for (const key of MODEL_INPUTS) addName(models, inputs[key]);
    addName(loras, inputs.lora_name);
  }
  // KSampler-style nodes and CFGGuider hold positive/negative; Flux's BasicGuider holds one `conditioning`.
  const sampler =
    nodes.find(([, n]) => Array.isArray((n.inputs as Record<string, unknown>).positive)) ??
    nodes.find(([, n]) => /guider/i.test(String(n.class_type)) && Array.isArray((n.inputs as Record<string, unknown>).conditioning));
  const rec: GenRecord = { tool: 'ComfyUI' };
  if (sampler) {
    const inputs = sampler[1].inputs as Record<string, unknown>;
    rec.prompt = textBehind(graph, inputs.positive ?? inputs.conditioning);
    rec.negativePrompt = textBehind(graph, inputs.negative);
  }
  return withModels(rec, models, loras);
}

/** Follows a link ([nodeId, slot]) until a node with a text input, through conditioning nodes, a few hops at most. */
function textBehind(graph: Record<string, unknown>, link: unknown): string | undefined {
  for (let hop = 0; hop < MAX_HOPS && Array.isArray(link); hop++) {
    const node = graph[String(link[0])];
    if (!isObject(node) || !isObject(node.inputs)) return undefined;
    for (const key of TEXT_INPUTS) if (typeof node.inputs[key] === 'string') return clip(node.inputs[key]);
    link = Object.values(node.inputs).find(Array.isArray);
  }
  return undefined;
}

export function parseComfyWorkflow(workflow: unknown): GenRecord | undefined {
  if (!isObject(workflow) || !Array.isArray(workflow.nodes)) return undefined;
  const models: Named[] = [];
  const loras: Named[] = [];
  for (const node of workflow.nodes.slice(0, GENMETA_LIMITS.maxEntries)) {
    if (!isObject(node) || typeof node.type !== 'string' || !Array.isArray(node.widgets_values)) continue;
    const file = node.widgets_values.find((v) => typeof v === 'string' && /\.(safetensors|ckpt|pt|pth|bin|gguf|sft)$/i.test(v));
    if (/lora/i.test(node.type)) addName(loras, file);
    else if (/checkpoint|unet|diffusionmodel/i.test(node.type)) addName(models, file);
  }
  return withModels({ tool: 'ComfyUI' }, models, loras);
}

function addName(list: Named[], v: unknown): void {
  const name = clipName(v);
  if (name && list.length < GENMETA_LIMITS.maxItems && !list.some((x) => x.name === name)) list.push({ name });
}

export function withModels(rec: GenRecord, models: Named[], loras: Named[]): GenRecord {
  if (models[0]) rec.model = models[0];
  if (models.length > 1) rec.otherModels = models.slice(1);
  if (loras.length) rec.loras = loras;
  return rec;
}
