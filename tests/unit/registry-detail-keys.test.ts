import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, signList, type ListDraft } from '../../src/lib/list/index.js';
import { Matcher, queryOf, workFingerprints, type Query } from '../../src/lib/match/index.js';
import { DEFAULT_KEY_PLAN, keyPlanFor, loadSummary, lookupQuery, queryKeys, workKeys, type KeyPlan } from '../../src/lib/registry/index.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';
import { build, fingerprint } from './helpers/registry-fixtures.js';

const img = new URL('../../demo/images/chelsea.jpg', import.meta.url).pathname;
const license = { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false };
const DETAIL_PLAN: KeyPlan = { ...DEFAULT_KEY_PLAN, detailBits: 20 };

/**
 * The work's thumbnail with fingerprints of no image (so no hash word is shared), and a copy with borders added whose
 * hashes are replaced likewise: only the detail stage can find it, from its detail key inside the borders.
 */
async function setup() {
  const detail = workFingerprints(await decodeFull(img)).detail!;
  const bordered = await sharp(img).extend({ top: 60, bottom: 60, left: 60, right: 60, background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer();
  const real = queryOf(await decodeForHash(bordered));
  const copy: Query = { ...real, fingerprint: fingerprint(999), trimmed: fingerprint(998) };
  delete copy.boxed;
  delete copy.turned;
  const fps = [fingerprint(7), fingerprint(100_007)];
  const draft: ListDraft = {
    format: 'license-lens/list', formatVersion: 1, id: 'a', name: 'A', version: 1, updated: '2026-12-01T00:00:00Z', publisher: { name: 'A' },
    models: [{ id: 'm', name: 'Model', license, licensees: [] }],
    works: [{ id: 'w7', model: 'm', fingerprints: fps, detail }, ...[1, 2, 3].map((s) => ({ id: `w${s}`, model: 'm', fingerprints: [fingerprint(s)] }))],
  };
  const text = JSON.stringify(await signList(draft, await generateKeyPair()));
  const local = new Matcher({ creators: [{ id: 'c', source: 'own', name: 'A' }], models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'Model', license, licensees: [] }], works: [{ id: 'w7', source: 'own', modelId: 'm', fingerprints: fps, detail, addedAt: '' }] });
  return { detail, copy, fps, text, local };
}

describe('registry detail keys (key plan detailBits)', () => {
  it('finds through the registry a bordered copy the local list finds only by its detail key', async () => {
    const { copy, text, local } = await setup();
    expect(local.match(copy, 'https://page.example/').map((m) => m.workId)).toEqual(['w7']);
    for (const [plan, want] of [[DEFAULT_KEY_PLAN, []], [DETAIL_PLAN, ['registry:r/0/w7']]] as const) {
      const { manifest, host } = await build([{ source: 'a', text }], { plan });
      const { content } = await lookupQuery(manifest, 'r', await loadSummary(manifest, host.get), copy, host.get);
      const found = content.works.length ? new Matcher(content).match(copy, 'https://page.example/').map((m) => m.workId) : [];
      expect(found).toEqual(want);
    }
  }, 60_000);

  it('adds one key per key table for a work with a thumbnail and none without; hash keys unchanged', async () => {
    const { detail, fps, copy } = await setup();
    const plain = workKeys(fps, DEFAULT_KEY_PLAN);
    expect(workKeys(fps, DEFAULT_KEY_PLAN, detail)).toEqual(plain);
    expect(workKeys(fps, DETAIL_PLAN)).toEqual(plain);
    const keyed = workKeys(fps, DETAIL_PLAN, detail);
    expect(keyed.length).toBe(plain.length + 8);
    expect(keyed.filter((k) => k >= 8 * 2 ** 32).every((k) => k < 16 * 2 ** 32)).toBe(true);
    // The copy asks for hash words only under the default plan; under the detail plan also for a block of the work's key.
    expect(queryKeys(copy, DEFAULT_KEY_PLAN).every((k) => k < 8 * 2 ** 32)).toBe(true);
    expect(queryKeys(copy, DETAIL_PLAN).some((k) => keyed.includes(k) && k >= 8 * 2 ** 32)).toBe(true);
  }, 60_000);

  it('is a plan option (keyPlanFor, --detail-bits), absent by default', () => {
    expect(DEFAULT_KEY_PLAN.detailBits).toBeUndefined();
    expect(keyPlanFor(0, 20)).toEqual(DETAIL_PLAN);
    expect(keyPlanFor(1, 20)).toMatchObject({ probeFlips: 1, detailBits: 20 });
    expect(() => keyPlanFor(0, 30)).toThrow(/16 to 24/);
  });
});
