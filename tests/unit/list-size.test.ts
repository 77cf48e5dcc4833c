import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lib/list/ed25519.js';
import { MAX_LIST_BYTES, MAX_WORKS, MIN_WORK_BYTES, parseList, utf8Length, type ListDraft } from '../../src/lib/list/schema.js';
import { listText, signList } from '../../src/lib/list/sign.js';
import { listFit } from '../../src/lib/list/text.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const DETAIL = 'A'.repeat(1366);
const key = await generateKeyPair();

/** A work as `license-lens build` makes it: 27 fingerprints (whole image and 26 crops) and the detail thumbnail. */
const cliWork = (i: number) => ({ id: `folder-image-${i}`, model: 'm', title: `image ${i} 画`, fingerprints: Array<string>(27).fill(FP), detail: DETAIL });

function draft(works: ListDraft['works']): ListDraft {
  return {
    format: 'license-lens/list',
    formatVersion: 1,
    id: 'size',
    name: 'Size 大小',
    version: 1,
    updated: '2026-12-01T00:00:00Z',
    publisher: { name: 'Publisher' },
    models: [{ id: 'm', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works,
  };
}

describe('list size: one rule, MAX_LIST_BYTES of UTF-8', () => {
  it('counts UTF-8 bytes as TextEncoder does', () => {
    for (const s of ['', 'abc', 'é', '画', '😀', 'a\ud800b', '\udc00', `x${'é画😀'.repeat(50)}`]) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });

  it('refuses list text over the limit in UTF-8 bytes, even when it has fewer characters than that', () => {
    // 8 M characters of 3 bytes each: under the limit in characters, 24 MB as sent.
    const text = `{"name":"${'画'.repeat(8 * 1024 * 1024)}"}`;
    expect(text.length).toBeLessThan(MAX_LIST_BYTES);
    expect(parseList(text)).toMatchObject({ ok: false, error: expect.stringMatching(/larger than 20971520 bytes of UTF-8/) });
  });

  it('states the works cap as what the byte limit implies: one work more than MAX_WORKS cannot fit', () => {
    const minimal = { id: 'a', model: 'a', fingerprints: [FP] };
    expect(JSON.stringify(minimal).length + 1).toBe(MIN_WORK_BYTES);
    expect(MAX_WORKS).toBe(195_995);
    expect((MAX_WORKS + 1) * MIN_WORK_BYTES - 1).toBeGreaterThan(MAX_LIST_BYTES);
  });

  it('measures the signed text exactly before signing', async () => {
    for (const works of [[], [cliWork(1)], [cliWork(1), { id: 'b', model: 'm', fingerprints: [FP] }, cliWork(3)]]) {
      const d = draft(works);
      const text = listText(await signList(d, key));
      expect(listFit({ ...d, publisher: { ...d.publisher, publicKey: key.publicKey } }).bytes).toBe(utf8Length(text));
    }
  });

  it('refuses to sign a list subscribers would refuse, saying how many works fit; that many sign and parse', async () => {
    const works = Array.from({ length: 6000 }, (_, i) => cliWork(i));
    const err = await signList(draft(works), key).then(
      () => '',
      (e: Error) => e.message,
    );
    const fit = Number(/: ([\d,]+) of its 6,000 works fit/.exec(err)?.[1]?.replace(',', ''));
    expect(err).toMatch(/^the list would be 2\d\.\d MB, over the 20\.0 MB subscribers accept/);
    expect(fit).toBeGreaterThan(5000);
    const text = listText(await signList(draft(works.slice(0, fit)), key));
    expect(utf8Length(text)).toBeLessThanOrEqual(MAX_LIST_BYTES);
    expect(parseList(text).ok).toBe(true);
    await expect(signList(draft(works.slice(0, fit + 1)), key)).rejects.toThrow(/over the 20\.0 MB/);
    console.log(`[size] works as the CLI builds them per ${MAX_LIST_BYTES} bytes: ${fit} (${(utf8Length(text) / fit).toFixed(0)} bytes each)`);
  }, 60_000);
});
