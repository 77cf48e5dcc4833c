import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/lib/base64url.js';
import { generateKeyPair } from '../../src/lib/list/ed25519.js';
import { listText, signList, verifyList } from '../../src/lib/list/sign.js';
import type { ListDraft } from '../../src/lib/list/schema.js';
import { listToRegistry } from '../../src/lib/list/to-registry.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const DETAIL = toBase64url(Uint8Array.from({ length: 1024 }, (_, i) => (i * 37) % 256));

function draft(detail?: string): ListDraft {
  return {
    format: 'license-lens/list',
    formatVersion: 1,
    id: 'test',
    name: 'Test list',
    version: 1,
    updated: '2026-11-23T10:00:00Z',
    publisher: { name: 'P' },
    models: [{ id: 'm', name: 'Model', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: [{ id: 'w1', model: 'm', fingerprints: [FP], ...(detail === undefined ? {} : { detail }) }, { id: 'w2', model: 'm', fingerprints: [FP] }],
  };
}

describe('works[].detail in lists', () => {
  it('is optional, signed like every field, and reaches the registry records', async () => {
    const key = await generateKeyPair();
    const text = listText(await signList(draft(DETAIL), key));
    const r = await verifyList(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const works = listToRegistry(r.list, 'list:test').works;
    expect(works.map((w) => w.detail)).toEqual([DETAIL, undefined]);
    // One character of the thumbnail changed: the signature no longer holds.
    const i = text.indexOf(DETAIL) + 10;
    const changed = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
    expect(await verifyList(changed)).toMatchObject({ ok: false, error: expect.stringMatching(/^bad signature/) });
    // A list without any detail (made before the field existed) still verifies.
    expect((await verifyList(listText(await signList(draft(), key)))).ok).toBe(true);
  });

  it('refuses a thumbnail of the wrong size or alphabet, naming the field', async () => {
    const key = await generateKeyPair();
    await expect(signList(draft(DETAIL.slice(4)), key)).rejects.toThrow(/works\.0\.detail/);
    await expect(signList(draft(`${DETAIL.slice(1)}+`), key)).rejects.toThrow(/detail is a 1024-byte/);
  });
});
