import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeLocales } from '../../scripts/locales.js';

function tree(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'll-locales-'));
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(body));
  }
  return dir;
}

describe('locale fragments', () => {
  it('the shipped fragments merge, with the same keys in English and Chinese', () => {
    const merged = mergeLocales('src/locales');
    expect(Object.keys(merged).sort()).toEqual(['en', 'zh_CN']);
    expect(Object.keys(merged.zh_CN!).sort()).toEqual(Object.keys(merged.en!).sort());
    expect(merged.en!.extName!.message).toBe('License Lens');
  });

  it('merges fragments of one language', () => {
    const dir = tree({ 'en/a.json': { a: { message: 'A' } }, 'en/b.json': { b: { message: 'B' } } });
    expect(mergeLocales(dir).en).toEqual({ a: { message: 'A' }, b: { message: 'B' } });
  });

  it('refuses a key defined twice', () => {
    const dir = tree({ 'en/a.json': { a: { message: 'A' } }, 'en/b.json': { a: { message: 'again' } } });
    expect(() => mergeLocales(dir)).toThrow(/"a" is defined twice/);
  });

  it('refuses a language missing a key', () => {
    const dir = tree({ 'en/a.json': { a: { message: 'A' }, b: { message: 'B' } }, 'zh_CN/a.json': { a: { message: '甲' } } });
    expect(() => mergeLocales(dir)).toThrow(/missing b/);
  });
});
