/**
 * AUTOMATIC1111 / Forge "parameters" text (also what they write to EXIF UserComment):
 *   <prompt lines>
 *   Negative prompt: <negative prompt lines>
 *   Steps: 20, Sampler: Euler a, ..., Model hash: 4a3f9c0d1e, Model: name, Lora hashes: "a: 0123abcd, b: ...", Version: v1.9.4
 * The settings line is the last line when it holds at least three "key: value" pairs (A1111's own rule); values
 * holding commas are written JSON-quoted. Forge and Civitai add "Hashes: {json}".
 */
import type { GenRecord } from '../types.js';
import { GENMETA_LIMITS } from './limits.js';
import { clip, clipName, isObject, safeJson } from './json.js';

const PARAM = /\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g;
const HEX = /^[0-9a-f]{8,64}$/i;

export function settingsPairs(line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of line.matchAll(PARAM)) {
    const key = m[1]!.trim();
    let value = m[2]!.trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      const unquoted = safeJson(value);
      value = typeof unquoted === 'string' ? unquoted : value.slice(1, -1);
    }
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

export function parseA1111(text: string): GenRecord | undefined {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  let last = lines.at(-1) ?? '';
  let settings = settingsPairs(last);
  if (settings.size < 3) {
    settings = new Map();
    last = '';
  } else lines.pop();
  const prompt: string[] = [];
  const negative: string[] = [];
  let inNegative = false;
  for (const line of lines) {
    if (!inNegative && line.startsWith('Negative prompt:')) {
      inNegative = true;
      negative.push(line.slice('Negative prompt:'.length).trim());
    } else (inNegative ? negative : prompt).push(line);
  }
  if (!last && !inNegative) return undefined; // plain text, not a parameters block

  const rec: GenRecord = {};
  const version = clipName(settings.get('Version'));
  rec.tool = version && /^f\d/.test(version) ? `Forge ${version}` : version ? `AUTOMATIC1111 ${version}` : 'AUTOMATIC1111';
  rec.prompt = clip(prompt.join('\n'));
  rec.negativePrompt = clip(negative.join('\n'));
  const modelName = clipName(settings.get('Model'));
  const modelHash = hexOrUndefined(settings.get('Model hash'));
  const loras = lorasFrom(settings.get('Lora hashes'));
  const hashes = safeJson(settings.get('Hashes') ?? '');
  let hash = modelHash;
  if (isObject(hashes)) {
    hash ??= hexOrUndefined(hashes.model);
    for (const [k, v] of Object.entries(hashes)) {
      const name = k.startsWith('lora:') ? k.slice(5) : undefined;
      const h = hexOrUndefined(v);
      if (name && h && loras.length < GENMETA_LIMITS.maxItems && !loras.some((l) => l.name === name)) loras.push({ name: clipName(name), hash: h });
    }
  }
  if (modelName || hash) rec.model = { name: modelName, hash };
  if (loras.length) rec.loras = loras.slice(0, GENMETA_LIMITS.maxItems);
  return rec;
}

export function hexOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' && HEX.test(v.trim()) ? v.trim().toLowerCase() : undefined;
}

/** "name: hash, name2: hash2" (names may hold colons: the hash is after the last one). */
function lorasFrom(value: string | undefined): Array<{ name?: string; hash?: string }> {
  if (!value) return [];
  const out: Array<{ name?: string; hash?: string }> = [];
  for (const part of value.split(',')) {
    const i = part.lastIndexOf(':');
    if (i < 0) continue;
    const name = clipName(part.slice(0, i));
    const hash = hexOrUndefined(part.slice(i + 1));
    if (name || hash) out.push({ name, hash });
    if (out.length >= GENMETA_LIMITS.maxItems) break;
  }
  return out;
}
