import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_LIST_BYTES, parseList } from '../../src/lib/list/schema.js';
import { listToRegistry } from '../../src/lib/list/to-registry.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeFull } from '../../src/node/decode.js';
import { DEMO_WORKS } from '../../demo/demo-list-source.js';

const demoText = readFileSync(new URL('../../public/demo-list.json', import.meta.url), 'utf8');

describe('list format', () => {
  it('accepts the bundled demo list and turns it into namespaced registry records', () => {
    const r = parseList(demoText);
    if (!r.ok) throw new Error(r.error);
    const reg = listToRegistry(r.list, 'demo');
    expect(reg.models).toHaveLength(1);
    expect(reg.models[0]!.license.price).toBe('4,499 CNY for small companies');
    expect(reg.works.map((w) => w.id)).toEqual(['demo/astronaut', 'demo/chelsea', 'demo/starry-night']);
    expect(reg.works.every((w) => w.modelId === 'demo/portrait-muse' && w.source === 'demo')).toBe(true);
  });

  it('has demo fingerprints and file hashes that still match the committed demo images (npm run demo:make regenerates them)', async () => {
    const r = parseList(demoText);
    if (!r.ok) throw new Error(r.error);
    for (const w of DEMO_WORKS) {
      const file = new URL(`../../demo/images/${w.file}`, import.meta.url).pathname;
      const print = workFingerprints(await decodeFull(file));
      const listed = r.list.works.find((x) => x.id === w.id)!;
      expect(listed.fingerprints).toEqual(print.fingerprints);
      expect(listed.detail).toBe(print.detail);
      expect(listed.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    }
  }, 60_000); // registering crops costs about 1 s per work on a loaded machine

  it('names what is wrong', () => {
    const base = JSON.parse(demoText) as Record<string, unknown> & { works: Array<Record<string, unknown>> };
    const bad = (mutate: (l: typeof base) => void) => {
      const copy = structuredClone(base);
      mutate(copy);
      return parseList(JSON.stringify(copy));
    };
    expect(parseList('{not json')).toMatchObject({ ok: false, error: expect.stringMatching(/^not valid JSON/) });
    expect(bad((l) => (l.format = 'other'))).toMatchObject({ ok: false, error: expect.stringMatching(/format/) });
    expect(bad((l) => (l.works[0]!.fingerprints = ['abc']))).toMatchObject({ ok: false, error: expect.stringMatching(/works\.0\.fingerprints\.0/) });
    expect(bad((l) => (l.works[0]!.model = 'nope'))).toMatchObject({ ok: false, error: expect.stringMatching(/must name a model/) });
    expect(bad((l) => ((l.publisher as Record<string, string>).homepage = 'javascript:alert(1)'))).toMatchObject({ ok: false, error: expect.stringMatching(/http\(s\) URL/) });
    expect(parseList(' '.repeat(MAX_LIST_BYTES + 1))).toMatchObject({ ok: false, error: expect.stringMatching(/larger than/) });
  });

  it('keeps HTML in text fields as plain text', () => {
    const copy = JSON.parse(demoText);
    copy.models[0].name = '<img src=x onerror=alert(1)>';
    const r = parseList(JSON.stringify(copy));
    expect(r.ok && r.list.models[0]!.name).toBe('<img src=x onerror=alert(1)>');
  });
});
