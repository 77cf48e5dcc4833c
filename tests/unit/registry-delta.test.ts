import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lib/list/index.js';
import { Matcher, type Query } from '../../src/lib/match/index.js';
import { loadSummary, lookupQuery, RebuildNeeded, summaryPath, type RegistrySummary } from '../../src/lib/registry/index.js';
import { build, fingerprint, listText } from './helpers/registry-fixtures.js';

const seeds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const query = (seed: number): Query => ({ fingerprint: fingerprint(seed), quality: 80 });
const hex = (m: Map<string, Uint8Array>) => [...m].filter(([p]) => p !== 'manifest.json').map(([p, b]) => [p, Buffer.from(b).toString('hex')]).sort();

describe('registry build, streamed and in deltas', () => {
  it('writes the same files whether the key entries spill every 5 entries or never', async () => {
    const [a, b, key] = [await generateKeyPair(), await generateKeyPair(), await generateKeyPair()];
    const inputs = [
      { source: 'a', text: await listText(a, 'Ann', seeds(1, 120)) },
      { source: 'b', text: await listText(b, 'Bo', seeds(900, 80)) },
    ];
    const whole = await build(inputs, { key });
    const spilled = await build(inputs, { key, spillEvery: 5 });
    expect(hex(spilled.host.files)).toEqual(hex(whole.host.files));
    expect(spilled.manifest.layers).toEqual(whole.manifest.layers);
  });

  it('adds 1% new works as a delta layer: previous layers and files kept, the client sees the new works and loads only the new layer', async () => {
    const [a, b, key] = [await generateKeyPair(), await generateKeyPair(), await generateKeyPair()];
    const bo = { source: 'b', text: await listText(b, 'Bo', seeds(5000, 100)) };
    const one = await build([{ source: 'a', text: await listText(a, 'Ann', seeds(1, 100)) }, bo], { key });
    // Edition 2: Ann's list re-signed with 2 more works (1% of 200), Bo's unchanged.
    const annTwo = { source: 'a', text: await listText(a, 'Ann', seeds(1, 102)) };
    const two = await build([annTwo, bo], { key, delta: { manifest: one.manifest, get: one.host.get } }, one.host);
    expect(two.report.kind).toBe('delta');
    expect(two.manifest.edition).toBe(2);
    expect(two.manifest.layers.slice(0, 1)).toEqual(one.manifest.layers);
    expect(two.manifest.layers.map((l) => [l.id, l.works])).toEqual([[0, 200], [1, 2]]);
    expect(two.manifest.publishers.map((p) => [p.id, p.name, p.works])).toEqual([[0, 'Ann', 102], [1, 'Bo', 100]]);
    expect(two.manifest.counts).toMatchObject({ publishers: 2, works: 202, fingerprints: 404 });
    expect(two.report.published.map((p) => p.newWorks)).toEqual([2, 0]);
    // The client holding edition 1 fetches only the new layer's summary, a small share of what it holds.
    const held: RegistrySummary = await loadSummary(one.manifest, one.host.get);
    const fetched: string[] = [];
    const summary = await loadSummary(two.manifest, async (p) => (fetched.push(p), two.host.get(p)), held);
    expect(fetched).toEqual([summaryPath(two.manifest.layers[1]!.summary)]);
    expect(summary.layers[0]).toBe(held.layers[0]);
    expect(two.report.newSummaryBytes / two.report.summaryBytes).toBeLessThan(0.05);
    // Lookups: a new work is found through the new layer, an old one still through the base.
    for (const seed of [101, 102, 50, 5050]) {
      const { content } = await lookupQuery(two.manifest, 'r', summary, query(seed), two.host.get);
      const found = new Matcher(content).match(query(seed), 'https://page.example/').map((m) => m.workId);
      expect(found).toContain(`registry:r/${seed >= 5000 ? 1 : 0}/w${seed}`);
    }
  });

  it('asks for a full rebuild when a list dropped a work, and makes no layer when nothing is new', async () => {
    const [a, key] = [await generateKeyPair(), await generateKeyPair()];
    const one = await build([{ source: 'a', text: await listText(a, 'Ann', seeds(1, 10)) }], { key });
    const delta = { manifest: one.manifest, get: one.host.get };
    await expect(build([{ source: 'a', text: await listText(a, 'Ann', seeds(2, 9)) }], { key, delta }, one.host)).rejects.toThrow(RebuildNeeded);
    const same = await build([{ source: 'a', text: await listText(a, 'Ann', seeds(1, 10)) }], { key, delta }, one.host);
    expect(same.manifest.layers).toEqual(one.manifest.layers);
    expect(same.report.newSummaryBytes).toBe(0);
  });

  it('asks for a full rebuild when a list only added a licensee to its model, and the full build carries the new licensee', async () => {
    const [a, key] = [await generateKeyPair(), await generateKeyPair()];
    const one = await build([{ source: 'a', text: await listText(a, 'Ann', seeds(1, 10)) }], { key });
    const licensed = [{ source: 'a', text: await listText(a, 'Ann', seeds(1, 10), undefined, [{ name: 'Shop', sites: ['shop.example'] }]) }];
    // A delta would find no new works and keep the old packs, whose model has no licensee.
    await expect(build(licensed, { key, delta: { manifest: one.manifest, get: one.host.get } }, one.host)).rejects.toThrow(/changed model m/);
    const two = await build(licensed, { key, previous: one.manifest });
    expect(two.report.kind).toBe('full');
    const { content } = await lookupQuery(two.manifest, 'r', await loadSummary(two.manifest, two.host.get), query(5), two.host.get);
    expect(content.models.map((m) => m.licensees)).toEqual([[{ name: 'Shop', sites: ['shop.example'] }]]);
  });
});
