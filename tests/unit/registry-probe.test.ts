import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lib/list/index.js';
import { hexToWords, Matcher, type Query } from '../../src/lib/match/index.js';
import { DEFAULT_KEY_PLAN, keyPlanFor, loadSummary, lookupQuery, queryKeys, verifyManifest, type KeyPlan } from '../../src/lib/registry/index.js';
import type { RegistryContent } from '../../src/lib/types.js';
import { build, fingerprint, listText } from './helpers/registry-fixtures.js';

const seeds = Array.from({ length: 30 }, (_, i) => 1 + i);
/** Work 7's whole-image fingerprint with `bits` low bits of every 32-bit word flipped: no word left equal. */
const copyOf7 = (bits: number): Query => {
  const words = hexToWords(fingerprint(7));
  const mask = (1 << bits) - 1;
  return { fingerprint: [...words].map((w) => ((w ^ mask) >>> 0).toString(16).padStart(8, '0')).join(''), quality: 80 };
};
const local = new Matcher({
  creators: [{ id: 'c', source: 'own', name: 'Ann' }],
  models: [{ id: 'm', source: 'own', creatorId: 'c', name: 'Model', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
  works: seeds.map((s) => ({ id: `w${s}`, source: 'own', modelId: 'm', fingerprints: [fingerprint(s), fingerprint(s + 100_000)], addedAt: '' })),
});
const found = (content: RegistryContent, q: Query) => new Matcher(content).match(q, 'https://page.example/').map((m) => m.workId);

async function registry(plan: KeyPlan) {
  const { manifest, host, key } = await build([{ source: 'a', text: await listText(await generateKeyPair(), 'Ann', seeds) }], { plan });
  return { manifest, host, key, summary: await loadSummary(manifest, host.get) };
}

describe('registry neighbour keys (key plan probeFlips)', () => {
  it('finds through the registry a copy the local list finds 16 bits away with no word in common', async () => {
    const copy = copyOf7(2);
    expect(local.match(copy, 'https://page.example/').map((m) => m.workId)).toEqual(['w7']);
    const { manifest, host, summary } = await registry(keyPlanFor(2));
    expect(manifest.keyPlan).toMatchObject({ probeFlips: 2, filterBits: 20 });
    const { content, requests } = await lookupQuery(manifest, 'r', summary, copy, host.get);
    expect(requests.length).toBeGreaterThan(0);
    expect(found(content, copy)).toEqual(['registry:r/0/w7']);
  });

  it('builds with exact words by default; neighbour keys only when the registry asks for them', () => {
    expect(DEFAULT_KEY_PLAN.probeFlips).toBeUndefined();
    expect(keyPlanFor(0)).toEqual(DEFAULT_KEY_PLAN);
    expect(keyPlanFor(1)).toMatchObject({ probeFlips: 1, filterBits: 16 });
    expect(() => keyPlanFor(3)).toThrow(/0, 1 or 2/);
  });

  it('still reads a key plan without neighbour keys: exact words only, as before', async () => {
    const { host, summary, key } = await registry(DEFAULT_KEY_PLAN);
    const read = await verifyManifest(host.files.get('manifest.json')!, key.publicKey);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.keyPlan.probeFlips).toBeUndefined();
    expect(queryKeys(copyOf7(2), read.value.keyPlan).length).toBeLessThanOrEqual(8 * 6);
    const exact = await lookupQuery(read.value, 'r', summary, { fingerprint: fingerprint(7), quality: 80 }, host.get);
    expect(found(exact.content, { fingerprint: fingerprint(7), quality: 80 })).toEqual(['registry:r/0/w7']);
    expect((await lookupQuery(read.value, 'r', summary, copyOf7(2), host.get)).content.works).toEqual([]);
  });
});
