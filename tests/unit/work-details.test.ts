import 'fake-indexeddb/auto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/lib/match/matcher.js';
import { packRegistry, STORED_INDEX_FORMAT, STORED_INDEX_VERSION, thumbOf } from '../../src/lib/match/indexing/packed-registry.js';
import { queryOf } from '../../src/lib/match/hash/query.js';
import { packArrays } from '../../src/lib/match/indexing/stored-arrays.js';
import type { RegistryContent, Work } from '../../src/lib/types.js';
import { workFingerprints } from '../../src/lib/match/hash/work-fingerprints.js';
import { decodeForHash, decodeFull } from '../../src/node/decode.js';
import { INDEX_BLOB_KEY, loadMatcher } from '../../src/storage/matcher-store.js';
import { readAll, replaceSource } from '../../src/storage/registry.js';
import { WorkDetails } from '../../src/storage/work-details.js';
import { scratchDbs } from './helpers/scratch-db.js';

const img = (name: string) => new URL(`../../demo/images/${name}`, import.meta.url).pathname;
const model = { id: 'own/m', source: 'own' as const, creatorId: 'own/c', name: 'M', license: { personalUse: true, commercialUse: 'forbidden' as const, attributionRequired: false, derivativesAllowed: false }, licensees: [] };
const { open: freshDb } = scratchDbs('wd');

async function work(id: string, file: string, fingerprintsOf = file): Promise<Work> {
  const [a, b] = await Promise.all([file, fingerprintsOf].map(async (f) => workFingerprints(await decodeFull(img(f)))));
  return { id, source: 'own', modelId: model.id, fingerprints: b!.fingerprints, detail: a!.detail, addedAt: '' };
}

/** The stored index as version 3 wrote it: the works' thumbnails packed with the fingerprints, no detail keys. */
function version3(content: RegistryContent) {
  const packed: Partial<ReturnType<typeof packRegistry>> & { workIds: string[] } = packRegistry(content);
  delete packed.detailKeys;
  delete packed.hasDetail;
  const details = new Uint8Array(packed.workIds.length * 1024);
  const works = [...content.works].sort((a, b) => (a.id < b.id ? -1 : 1));
  works.forEach((w, i) => details.set(thumbOf(w.detail) ?? new Uint8Array(1024), i * 1024));
  return { format: STORED_INDEX_FORMAT, version: 3, worksInStore: content.works.length, ...packArrays({ ...packed, details } as never) };
}

const SLOW = 60_000;

describe('detail thumbnails read from the works store (work-details.ts)', () => {
  it('rebuilds a version 3 stored index (thumbnails inside) into one without them, and matches the same reading them per query', async () => {
    expect(STORED_INDEX_VERSION).toBe(5);
    const db = await freshDb();
    // 'x' has another image's fingerprints: only its thumbnail (the detail stage) ties a copy of chelsea.jpg to it.
    const content: RegistryContent = { creators: [{ id: 'own/c', source: 'own', name: 'C' }], models: [model], works: [await work('own/x', 'chelsea.jpg', 'rocket.jpg'), await work('own/y', 'coffee.jpg')] };
    await replaceSource(db, 'own', content);
    await db.put('blobs', version3(content), INDEX_BLOB_KEY);
    const loaded = await loadMatcher(db);
    expect(loaded.from).toBe(`stored index version 3, current ${STORED_INDEX_VERSION}`);
    const stored = (await db.get('blobs', INDEX_BLOB_KEY)) as { version: number; arrays: Record<string, unknown> };
    expect(stored.version).toBe(STORED_INDEX_VERSION);
    expect(Object.keys(stored.arrays)).not.toContain('details');
    expect(Object.keys(stored.arrays)).toContain('detailKeys');
    const again = await loadMatcher(db);
    expect(again.from).toBe('stored');

    const darker = queryOf(await decodeForHash(await sharp(img('chelsea.jpg')).modulate({ brightness: 0.75 }).flop().jpeg().toBuffer()));
    const expected = new Matcher(await readAll(db)).match(darker, 'https://a.example/');
    expect(expected).toMatchObject([{ workId: 'own/x' }]);
    expect(expected[0]!.hints?.changes.map((c) => c.kind)).toContain('mirrored');
    for (const { matcher } of [loaded, again]) {
      // Neither holds a thumbnail: the lookup must read the ones prepare() names.
      expect(() => matcher.match(darker, 'https://a.example/')).toThrow(/was not read/);
      const details = new WorkDetails(db, matcher.packed.workIds);
      const p = matcher.prepare(darker);
      expect(p.needs).toContain(matcher.packed.workIds.indexOf('own/x'));
      expect(matcher.verdicts(matcher.finish(p, await details.read(p.needs)), 'https://a.example/')).toEqual(expected);
    }
    db.close();
  }, SLOW);

  it('keeps the last thumbnails read, up to its capacity, and reads a removed work as none', async () => {
    const db = await freshDb();
    const content: RegistryContent = { creators: [], models: [model], works: [await work('own/a', 'chelsea.jpg'), await work('own/b', 'coffee.jpg'), await work('own/c', 'rocket.jpg'), { id: 'own/d', source: 'own', modelId: model.id, fingerprints: ['0'.repeat(64)], addedAt: '' }] };
    await replaceSource(db, 'own', content);
    const ids = ['own/a', 'own/b', 'own/c', 'own/d', 'own/gone'];
    const details = new WorkDetails(db, ids, 2);
    const first = await details.read([0, 1, 2, 3, 4]);
    expect(first(0)).toEqual(thumbOf(content.works[0]!.detail));
    expect([first(3), first(4), first(5)]).toEqual([null, null, undefined]);
    expect(details.bytes).toBe(0); // the two most recent reads: d (no thumbnail) and the removed work
    await details.read([1]);
    expect(details.bytes).toBe(1024);
    // Cached: served even after its record is gone (the matcher that named it is replaced on any registry change).
    await db.delete('works', 'own/b');
    expect((await details.read([1]))(1)).toEqual(thumbOf(content.works[1]!.detail));
    expect((await new WorkDetails(db, ids).read([1]))(1)).toBeNull();
    db.close();
  }, SLOW);
});
