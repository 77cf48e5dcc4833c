import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lib/list/index.js';
import { Matcher, type Query } from '../../src/lib/match/index.js';
import { loadSummary, lookupQuery, packPath, signRevocation, verifyPack, wellKnownDocument, wellKnownNames, worksFromShard } from '../../src/lib/registry/index.js';
import { build, fingerprint, listText } from './helpers/registry-fixtures.js';

const seeds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const query = (seed: number): Query => ({ fingerprint: fingerprint(seed), quality: 80 });

describe('registry build', () => {
  it('gives byte-identical packs, shards and summary for the same lists', async () => {
    const [a, b] = [await generateKeyPair(), await generateKeyPair()];
    const inputs = [
      { source: 'a.json', text: await listText(a, 'Ann', seeds(1, 40)) },
      { source: 'b.json', text: await listText(b, 'Bo', seeds(500, 30)) },
    ];
    const key = await generateKeyPair();
    const one = await build(inputs, { key });
    const two = await build(inputs, { key });
    const content = (m: Map<string, Uint8Array>) => [...m].filter(([p]) => p !== 'manifest.json').map(([p, bytes]) => [p, Buffer.from(bytes).toString('hex')]).sort();
    expect(content(two.host.files)).toEqual(content(one.host.files));
    expect(one.manifest.layers).toEqual(two.manifest.layers);
    expect(one.manifest.counts).toMatchObject({ publishers: 2, works: 70, fingerprints: 140 });
  });

  it('skips a forged list with the reason, and keeps the others', async () => {
    const a = await generateKeyPair();
    const good = await listText(a, 'Ann', seeds(1, 5));
    const forged = good.replace(fingerprint(1), fingerprint(999));
    const { manifest, report } = await build([{ source: 'forged.json', text: forged }, { source: 'good.json', text: good }, { source: 'https://x.example/l.json', text: { error: 'the server answered HTTP 404' } }]);
    expect(report.skipped).toEqual([
      { source: 'forged.json', reason: expect.stringMatching(/bad signature/) },
      { source: 'https://x.example/l.json', reason: 'the server answered HTTP 404' },
    ]);
    expect(manifest.publishers.map((p) => p.name)).toEqual(['Ann']);
  });

  it('verifies a domain only when its well-known file names the key', async () => {
    const [a, b] = [await generateKeyPair(), await generateKeyPair()];
    const inputs = [
      { source: 'a', text: await listText(a, 'Ann', seeds(1, 3), 'https://ann.example/'), listUrl: 'https://ann.example/list.json' },
      { source: 'b', text: await listText(b, 'Bo', seeds(50, 3), 'https://ann.example/bo') },
    ];
    const wellKnown = new Map<string, string>();
    const { manifest: m0 } = await build(inputs.slice(0, 1));
    wellKnown.set('ann.example', wellKnownDocument([m0.publishers[0]!.keyFingerprint]));
    const checkDomain = async (domain: string, fp: string) => {
      const text = wellKnown.get(domain);
      return text ? wellKnownNames(text, fp) : { ok: false as const, error: 'HTTP 404' };
    };
    const { manifest, report } = await build(inputs, { checkDomain });
    expect(manifest.publishers.map((p) => [p.name, p.verifiedDomains])).toEqual([['Ann', ['ann.example']], ['Bo', []]]);
    expect(report.domains.find((d) => d.publisher === 'Bo')).toMatchObject({ domain: 'ann.example', verified: false, reason: 'the well-known file does not name this key' });
  });

  it('keeps two publishers claiming the same work, each found by a lookup', async () => {
    const [a, b] = [await generateKeyPair(), await generateKeyPair()];
    const { manifest, host } = await build([{ source: 'a', text: await listText(a, 'Ann', [7]) }, { source: 'b', text: await listText(b, 'Bo', [7]) }]);
    const summary = await loadSummary(manifest, host.get);
    const { content, requests } = await lookupQuery(manifest, 'r', summary, query(7), host.get);
    expect(content.works.map((w) => w.id).sort()).toEqual(['registry:r/0/w7', 'registry:r/1/w7']);
    expect(requests.every((p) => /^(shards|packs)\/[0-9a-f]{64}\.json$/.test(p))).toBe(true);
    const matches = new Matcher(content).match(query(7), 'https://page.example/');
    expect(matches.map((m) => m.creator.name).sort()).toEqual(['Ann', 'Bo']);
  });

  it('makes one record of a work however many shards named it', async () => {
    const a = await generateKeyPair();
    const { manifest, host } = await build([{ source: 'a', text: await listText(a, 'Ann', [7]) }]);
    const summary = await loadSummary(manifest, host.get);
    const { requests } = await lookupQuery(manifest, 'r', summary, query(7), host.get);
    const hash = requests.find((p) => p.startsWith('packs/'))!.slice('packs/'.length, -'.json'.length);
    const pack = await verifyPack(await host.get(packPath(hash)), hash);
    if (!pack.ok) throw new Error(pack.error);
    const ref = { pack: hash, slot: 0 };
    // Each of a query's keys names the work from its own shard: the same reference several times.
    const content = worksFromShard(manifest, 'r', new Map([[hash, pack.value]]), [ref, ref, ref]);
    expect(content.works.map((w) => w.id)).toEqual(['registry:r/0/w7']);
  });

  it('drops a revoked key\'s works, and refuses a revocation signed by another key', async () => {
    const [a, b, mallory] = [await generateKeyPair(), await generateKeyPair(), await generateKeyPair()];
    const inputs = [{ source: 'a', text: await listText(a, 'Ann', seeds(1, 4)) }, { source: 'b', text: await listText(b, 'Bo', seeds(50, 4)) }];
    const own = await signRevocation(a, new Date('2026-12-04T00:00:00Z'), 'key lost');
    const forged = { ...(await signRevocation(mallory, new Date('2026-12-04T00:00:00Z'))), publicKey: b.publicKey };
    const { manifest, report, host } = await build(inputs, { revocations: [own, forged] });
    expect(report.skipped.map((s) => s.source)).toEqual(['revocation', 'a']);
    expect(manifest.publishers.find((p) => p.name === 'Ann')).toMatchObject({ works: 0, revoked: '2026-12-04T00:00:00.000Z' });
    expect(manifest.counts.works).toBe(4);
    const summary = await loadSummary(manifest, host.get);
    expect((await lookupQuery(manifest, 'r', summary, query(1), host.get)).content.works).toEqual([]);
    expect((await lookupQuery(manifest, 'r', summary, query(50), host.get)).content.works.map((w) => w.id)).toEqual(['registry:r/1/w50']);
  });
});
