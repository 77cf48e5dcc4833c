/**
 * Locale strings live in fragments, one per area of the extension (src/locales/<lang>/<area>.json), so that work
 * on different areas never edits the same file. The build merges them into _locales/<lang>/messages.json and
 * refuses a key defined twice, or a key present in one language and missing in another.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export type Messages = Record<string, { message: string; description?: string; placeholders?: unknown }>;

export function mergeLocales(dir: string): Record<string, Messages> {
  const out: Record<string, Messages> = {};
  for (const lang of readdirSync(dir).sort()) {
    const merged: Messages = {};
    for (const file of readdirSync(join(dir, lang)).filter((f) => f.endsWith('.json')).sort()) {
      const part = JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Messages;
      for (const [key, value] of Object.entries(part)) {
        if (Object.hasOwn(merged, key)) throw new Error(`locale ${lang}: key "${key}" is defined twice (${file})`);
        if (typeof value?.message !== 'string') throw new Error(`locale ${lang}: key "${key}" in ${file} has no message`);
        merged[key] = value;
      }
    }
    out[lang] = merged;
  }
  const [first, ...rest] = Object.keys(out);
  if (!first) throw new Error(`no locales in ${dir}`);
  for (const lang of rest) {
    const missing = Object.keys(out[first]!).filter((k) => !Object.hasOwn(out[lang]!, k));
    const extra = Object.keys(out[lang]!).filter((k) => !Object.hasOwn(out[first]!, k));
    if (missing.length || extra.length) {
      throw new Error(`locale ${lang} differs from ${first}: missing ${missing.join(', ') || 'none'}; extra ${extra.join(', ') || 'none'}`);
    }
  }
  return out;
}

/** Emits the merged _locales into the build. */
export function localesPlugin(dir: string): Plugin {
  return {
    name: 'license-lens-locales',
    buildStart() {
      for (const lang of readdirSync(dir)) for (const f of readdirSync(join(dir, lang))) this.addWatchFile(join(dir, lang, f));
    },
    generateBundle() {
      for (const [lang, messages] of Object.entries(mergeLocales(dir))) {
        this.emitFile({ type: 'asset', fileName: `_locales/${lang}/messages.json`, source: `${JSON.stringify(messages, null, 1)}\n` });
      }
    },
  };
}
