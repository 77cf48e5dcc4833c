/**
 * The matcher follows every registry write by itself (src/storage/registry-events.ts): no caller calls
 * invalidateMatcher. Each path that writes the creators, models or works stores is seen by the next lookup.
 */
import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { matcher, ready } from '../../src/background/state.js';
import { ModelInput } from '../../src/lib/own/own-schemas.js';
import type { RegistryContent } from '../../src/lib/types.js';
import { exportBackup, parseBackup, restoreBackup } from '../../src/storage/backup-file.js';
import { memoryItem } from './helpers/memory-area.js';
import { addWorks, deleteModel, deleteWork, saveModel, setProfile, updateWork } from '../../src/storage/own.js';
import { addSourceInChunks, removeSource, removeSourceInChunks, replaceSource } from '../../src/storage/registry.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const FP2 = 'c00fc78dcfccc58cc404f04f7f80bfcf87cf83df003f103b007d90ef7c7b497f';
const SHOP = 'https://shop.example/';
const model = (over: Record<string, unknown> = {}) =>
  v.parse(ModelInput, {
    name: 'Muse',
    license: { personalUse: true, commercialUse: 'license-required', attributionRequired: true, derivativesAllowed: false, price: '' },
    licensees: [],
    ...over,
  });
const listContent = (): RegistryContent => ({
  creators: [{ id: 'list:a/c', source: 'list:a', name: 'Other' }],
  models: [{ ...model(), id: 'list:a/m', source: 'list:a', creatorId: 'list:a/c', licensees: [] }],
  works: [{ id: 'list:a/w', source: 'list:a', modelId: 'list:a/m', fingerprints: [FP2], addedAt: '2026-01-01' }],
});

/** What the next lookup sees: each work's id and verdict for the fingerprint, on a shop page. */
const lookup = async (fp: string) => (await matcher()).match(fp, SHOP).map((m) => [m.workId, m.verdict, m.creator.name]);

describe('registry writes reach the matcher', () => {
  it('sees a write through replaceSource, removeSource, the bounded add and remove, every own-registry write and a backup restore', async () => {
    const db = await ready();
    expect(await lookup(FP2)).toEqual([]); // the matcher is built (and cached) before the first write

    await replaceSource(db, 'list:a', listContent());
    expect(await lookup(FP2)).toEqual([['list:a/w', 'unlicensed', 'Other']]);

    await setProfile(db, { name: 'Lin' });
    const m = await saveModel(db, model());
    const [w] = await addWorks(db, [{ modelId: m.id, fingerprints: [FP] }]);
    expect(await lookup(FP)).toEqual([[w!.id, 'unlicensed', 'Lin']]);
    await setProfile(db, { name: 'Lin Q' });
    expect(await lookup(FP)).toEqual([[w!.id, 'unlicensed', 'Lin Q']]);
    await saveModel(db, model({ id: m.id, licensees: [{ name: 'Shop', sites: ['shop.example'] }] }));
    expect(await lookup(FP)).toEqual([[w!.id, 'licensed', 'Lin Q']]);
    const m2 = await saveModel(db, model({ name: 'Other model' }));
    await updateWork(db, w!.id, { modelId: m2.id });
    expect(await lookup(FP)).toEqual([[w!.id, 'unlicensed', 'Lin Q']]);
    const settings = memoryItem();
    const backup = parseBackup(JSON.stringify(await exportBackup(db, settings)));
    await deleteWork(db, w!.id);
    expect(await lookup(FP)).toEqual([]);

    await removeSource(db, 'list:a');
    expect(await lookup(FP2)).toEqual([]);

    // The bounded writes of a large list's first subscription and removal (issue 19.6).
    await addSourceInChunks(db, 'list:a', listContent());
    expect(await lookup(FP2)).toEqual([['list:a/w', 'unlicensed', 'Other']]);
    await removeSourceInChunks(db, 'list:a');
    expect(await lookup(FP2)).toEqual([]);

    await restoreBackup(db, settings, backup);
    expect(await lookup(FP)).toEqual([[w!.id, 'unlicensed', 'Lin Q']]);
    expect(await lookup(FP2)).toEqual([['list:a/w', 'unlicensed', 'Other']]);
    await deleteModel(db, m2.id);
    expect(await lookup(FP)).toEqual([]);
  });
});
