/** JSON.parse behind the caps: size and nesting depth are checked in one linear pass first, and errors become undefined. */
import { GENMETA_LIMITS } from './limits.js';

export function nestingDepth(s: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash escapes the next char
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max && (max = depth) > stopAt) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export function safeJson(text: string): unknown {
  if (text.length > GENMETA_LIMITS.maxJsonChars) return undefined;
  if (nestingDepth(text, GENMETA_LIMITS.maxDepth) > GENMETA_LIMITS.maxDepth) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Free text from a file, trimmed and capped for display. */
export function clip(s: unknown, max: number = GENMETA_LIMITS.maxTextChars): string | undefined {
  if (typeof s !== 'string') return undefined;
  const t = s.trim();
  return t ? t.slice(0, max) : undefined;
}

/** A model or LoRA name from a file, capped shorter than free text. */
export const clipName = (s: unknown): string | undefined => clip(s, GENMETA_LIMITS.maxNameChars);
