/**
 * A new list's records and a removal in bounded transactions (issue 19.6): the same records end up stored or gone,
 * other sources are untouched, and a new list whose storing fails leaves none of its records behind.
 */
import { describe, expect, it } from 'vitest';
import { openRegistry } from '../../src/storage/db.js';
import { addSourceInChunks, countBySource, readAll, removeSourceInChunks, replaceSource } from '../../src/storage/registry.js';
import type { RegistryContent, SourceId } from '../../src/lib/types.js';
import { scratchDbs } from './helpers/scratch-db.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const { name: freshName } = scratchDbs('bounded');

function content(source: SourceId, works: number): RegistryContent {
  return {
    creators: [{ id: `${source}/c`, source, name: 'Creator' }],
    models: [{ id: `${source}/m`, source, creatorId: `${source}/c`, name: 'Model', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: Array.from({ length: works }, (_, i) => ({ id: `${source}/w${i}`, source, modelId: `${source}/m`, fingerprints: [FP], addedAt: '2026-01-01' })),
  };
}

describe('bounded list writes', () => {
  it('store a new source across several transactions and remove it again, leaving other sources alone', async () => {
    const db = await openRegistry(freshName());
    await replaceSource(db, 'list:other', content('list:other', 3));
    const before = await readAll(db);
    await addSourceInChunks(db, 'list:big', content('list:big', 4500));
    expect(await countBySource(db, 'list:big')).toEqual({ models: 1, works: 4500 });
    const all = await readAll(db);
    expect(all.works.filter((w) => w.source === 'list:big').sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(content('list:big', 4500).works.sort((a, b) => (a.id < b.id ? -1 : 1)));
    await removeSourceInChunks(db, 'list:big');
    expect(await readAll(db)).toEqual(before);
    db.close();
  });

  it('leave no record of a new source whose storing fails part-way', async () => {
    const db = await openRegistry(freshName());
    const c = content('list:big', 4500);
    c.works[3000] = { ...c.works[3000]!, id: undefined as unknown as string }; // a DataError in the second transaction
    await expect(addSourceInChunks(db, 'list:big', c)).rejects.toThrow();
    expect(await countBySource(db, 'list:big')).toEqual({ models: 0, works: 0 });
    expect((await readAll(db)).creators).toHaveLength(0);
    db.close();
  });
});
