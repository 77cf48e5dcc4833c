/**
 * No lost writes: two extension pages registering works at the same time (each with its own connection, as two
 * pages opening the database would), and list updates racing those registrations. Every write must be present.
 */
import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ModelInput } from '../../src/lib/own/own-schemas.js';
import type { RegistryContent, SourceId } from '../../src/lib/types.js';
import { openRegistry } from '../../src/storage/db.js';
import { addWorks, listWorks, saveModel, setProfile } from '../../src/storage/own.js';
import { countBySource, readAll, replaceSource } from '../../src/storage/registry.js';
import { scratchDbs } from './helpers/scratch-db.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const scratch = scratchDbs('race');

function list(source: SourceId, works: number, tag: string): RegistryContent {
  return {
    creators: [{ id: `${source}/c`, source, name: `Creator ${tag}` }],
    models: [{ id: `${source}/m`, source, creatorId: `${source}/c`, name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: Array.from({ length: works }, (_, i) => ({ id: `${source}/w${i}`, source, modelId: `${source}/m`, title: `${tag}-${i}`, fingerprints: [FP], addedAt: '2026-01-01' })),
  };
}

async function setUp() {
  const name = scratch.name();
  const pageA = await openRegistry(name);
  const pageB = await openRegistry(name);
  await setProfile(pageA, { name: 'Ana' });
  const input = (n: string) => v.parse(ModelInput, { name: n, license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] });
  const m1 = await saveModel(pageA, input('one'));
  const m2 = await saveModel(pageB, input('two'));
  return { pageA, pageB, m1: m1.id, m2: m2.id };
}

describe('concurrent writes', () => {
  it('two pages adding works at once and list updates racing them: every write is present', async () => {
    const { pageA, pageB, m1, m2 } = await setUp();
    await replaceSource(pageA, 'list:x', list('list:x', 30, 'old'));
    const ops: Array<Promise<unknown>> = [];
    const titles: string[] = [];
    for (let round = 0; round < 20; round++) {
      for (const [page, model, who] of [[pageA, m1, 'a'], [pageB, m2, 'b']] as const) {
        const batch = Array.from({ length: 5 }, (_, i) => ({ modelId: model, title: `${who}-${round}-${i}`, fingerprints: [FP], thumb: `data:,${who}${round}${i}` }));
        titles.push(...batch.map((w) => w.title));
        ops.push(addWorks(page, batch));
      }
      // A list update lands every few rounds, from either connection (the background and an options page).
      if (round % 4 === 0) ops.push(replaceSource(round % 8 ? pageA : pageB, 'list:x', list('list:x', 10 + round, `r${round}`)));
      if (round === 10) ops.push(replaceSource(pageB, 'list:y', list('list:y', 7, 'y')));
    }
    await Promise.all(ops);

    const all = await readAll(pageA);
    const own = all.works.filter((w) => w.source === 'own');
    expect(own.map((w) => w.title).sort()).toEqual([...titles].sort());
    expect(new Set(own.map((w) => w.id)).size).toBe(200);
    // Every thumbnail landed with its work.
    const page = await listWorks(pageB, { offset: 0, limit: 500 });
    expect(page.total).toBe(200);
    expect(page.works.every((w) => w.thumb === `data:,${w.title!.replaceAll('-', '')}`)).toBe(true);
    // The list holds exactly its last update (round 16), and the other list is whole.
    expect(await countBySource(pageA, 'list:x')).toEqual({ models: 1, works: 26 });
    expect(all.creators.find((c) => c.id === 'list:x/c')?.name).toBe('Creator r16');
    expect(await countBySource(pageA, 'list:y')).toEqual({ models: 1, works: 7 });
    expect(all.models.filter((m) => m.source === 'own')).toHaveLength(2);
    pageA.close();
    pageB.close();
  });

  it('a failing batch from one page loses nothing from the other page running at the same time', async () => {
    const { pageA, pageB, m1 } = await setUp();
    const good = Array.from({ length: 10 }, (_, r) => addWorks(pageA, [{ modelId: m1, title: `ok-${r}`, fingerprints: [FP] }]));
    const bad = addWorks(pageB, [{ modelId: m1, fingerprints: [FP] }, { modelId: 'own/m-missing', fingerprints: [FP] }]);
    const results = await Promise.allSettled([...good, bad]);
    expect(results.slice(0, 10).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[10]).toMatchObject({ status: 'rejected', reason: { message: 'no model own/m-missing of yours' } });
    expect(await countBySource(pageA, 'own')).toEqual({ models: 2, works: 10 });
    pageA.close();
    pageB.close();
  });
});
