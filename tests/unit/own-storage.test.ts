import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openRegistry } from '../../src/storage/db.js';
import { addWorks, deleteModel, deleteWork, getProfile, listModels, listWorks, saveModel, setProfile, updateWork } from '../../src/storage/own.js';
import { countBySource, readAll, removeSource, replaceSource } from '../../src/storage/registry.js';
import { ModelInput, type ModelInputT } from '../../src/lib/own/own-schemas.js';
import { Matcher } from '../../src/lib/match/matcher.js';
import type { RegistryContent } from '../../src/lib/types.js';
import { scratchDbs } from './helpers/scratch-db.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const FP2 = 'c00fc78dcfccc58cc404f04f7f80bfcf87cf83df003f103b007d90ef7c7b497f';
const THUMB = 'data:image/jpeg;base64,/9j/AAAA';
const scratch = scratchDbs('own');
const fresh = () => scratch.open();

const modelInput = (over: Partial<ModelInputT> = {}): ModelInputT =>
  v.parse(ModelInput, {
    name: 'Muse',
    version: 'v1',
    license: { personalUse: true, commercialUse: 'license-required', attributionRequired: true, derivativesAllowed: false, price: '' },
    licensees: [],
    ...over,
  });

function listContent(): RegistryContent {
  return {
    creators: [{ id: 'list:a/c', source: 'list:a', name: 'Other' }],
    models: [{ ...modelInput(), id: 'list:a/m', source: 'list:a', creatorId: 'list:a/c', licensees: [] }],
    works: [{ id: 'list:a/w', source: 'list:a', modelId: 'list:a/m', fingerprints: [FP2], addedAt: '2026-01-01' }],
  };
}

describe('own registry storage', () => {
  it('adds a thumbnail store in one upgrade step and keeps older records', async () => {
    const name = scratch.name();
    const v2 = await openRegistry(name, 2);
    await replaceSource(v2, 'list:a', listContent());
    v2.close();
    const db = await openRegistry(name);
    expect(db.version).toBe(DB_VERSION);
    expect(db.objectStoreNames.contains('thumbs')).toBe(true);
    expect(await countBySource(db, 'list:a')).toEqual({ models: 1, works: 1 });
    db.close();
  });

  it('needs a profile before models, and keeps the profile as the creator of own records', async () => {
    const db = await fresh();
    await expect(saveModel(db, modelInput())).rejects.toThrow(/profile/);
    await setProfile(db, { name: 'Lin', homepage: 'https://lin.example/', contact: '' });
    expect(await getProfile(db)).toEqual({ id: 'own/creator', source: 'own', name: 'Lin', homepage: 'https://lin.example/' });
    const m = await saveModel(db, modelInput());
    expect(m).toMatchObject({ source: 'own', creatorId: 'own/creator', name: 'Muse' });
    expect(m.id).toMatch(/^own\/m-/);
    expect(m.license.price).toBeUndefined(); // empty form fields are not stored
    const again = await saveModel(db, modelInput({ id: m.id, licensees: [{ name: 'Studio', sites: ['studio.example'], expires: '2027-01-01' }] }));
    expect(again.id).toBe(m.id);
    expect((await listModels(db)).map((x) => [x.id, x.licensees.length, x.works])).toEqual([[m.id, 1, 0]]);
    await expect(saveModel(db, modelInput({ id: 'own/m-missing' }))).rejects.toThrow(/no model/);
    db.close();
  });

  it('adds works in batches, pages them newest first with thumbnails, edits and deletes them', async () => {
    const db = await fresh();
    await setProfile(db, { name: 'Lin' });
    const a = await saveModel(db, modelInput());
    const b = await saveModel(db, modelInput({ name: 'Other' }));
    const first = await addWorks(db, Array.from({ length: 5 }, (_, i) => ({ modelId: a.id, title: `w${i}`, fingerprints: [FP], thumb: THUMB })));
    await addWorks(db, [{ modelId: b.id, title: 'b0', fingerprints: [FP2] }]);
    const page1 = await listWorks(db, { offset: 0, limit: 4 });
    expect(page1.total).toBe(6);
    expect(page1.works.map((w) => w.title)).toEqual(['b0', 'w4', 'w3', 'w2']);
    expect(page1.works[1]!.thumb).toBe(THUMB);
    expect(page1.works[0]!.thumb).toBeUndefined();
    const page2 = await listWorks(db, { offset: 4, limit: 4 });
    expect(page2.works.map((w) => w.title)).toEqual(['w1', 'w0']);
    expect((await listWorks(db, { offset: 0, limit: 10, modelId: b.id })).works.map((w) => w.title)).toEqual(['b0']);

    const moved = await updateWork(db, first[0]!.id, { title: 'renamed', modelId: b.id });
    expect(moved).toMatchObject({ title: 'renamed', modelId: b.id });
    await expect(updateWork(db, first[0]!.id, { modelId: 'own/m-nope' })).rejects.toThrow(/no model/);
    await deleteWork(db, first[1]!.id);
    await expect(deleteWork(db, first[1]!.id)).rejects.toThrow(/no work/);
    expect((await listModels(db)).find((m) => m.id === b.id)!.works).toBe(2);

    // Deleting a model takes its works and their thumbnails with it.
    expect(await deleteModel(db, a.id)).toBe(3);
    expect((await listWorks(db, { offset: 0, limit: 10 })).works.map((w) => w.title).sort()).toEqual(['b0', 'renamed']);
    expect(await db.count('thumbs')).toBe(1);
    db.close();
  });

  it('stores a batch whole or not at all', async () => {
    const db = await fresh();
    await setProfile(db, { name: 'Lin' });
    const a = await saveModel(db, modelInput());
    await expect(
      addWorks(db, [
        { modelId: a.id, fingerprints: [FP] },
        { modelId: 'own/m-gone', fingerprints: [FP] },
      ]),
    ).rejects.toThrow(/no model own\/m-gone/);
    expect((await listWorks(db, { offset: 0, limit: 10 })).total).toBe(0);
    db.close();
  });

  it('refuses to touch list records, and list operations never touch own records', async () => {
    const db = await fresh();
    await setProfile(db, { name: 'Lin', homepage: 'https://lin.example' });
    const a = await saveModel(db, modelInput());
    await addWorks(db, [{ modelId: a.id, fingerprints: [FP], thumb: THUMB }]);
    await replaceSource(db, 'list:a', listContent());
    await expect(deleteModel(db, 'list:a/m')).rejects.toThrow(/no model/);
    await expect(deleteWork(db, 'list:a/w')).rejects.toThrow(/no work/);
    await expect(addWorks(db, [{ modelId: 'list:a/m', fingerprints: [FP] }])).rejects.toThrow(/no model/);
    await removeSource(db, 'list:a');
    expect(await countBySource(db, 'own')).toEqual({ models: 1, works: 1 });
    expect(await getProfile(db)).toBeDefined();

    // The matcher sees own works with the profile as creator: the homepage counts as licensed.
    const m = new Matcher(await readAll(db));
    expect(m.match(FP, 'https://shop.example/')[0]).toMatchObject({ verdict: 'unlicensed', source: 'own', creator: { name: 'Lin' } });
    expect(m.match(FP, 'https://www.lin.example/gallery')[0]!.verdict).toBe('licensed');
    db.close();
  });
});
