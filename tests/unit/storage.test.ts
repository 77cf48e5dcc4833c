import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openRegistry } from '../../src/storage/db.js';
import { countBySource, getSetting, readAll, removeSource, replaceSource, setSetting } from '../../src/storage/registry.js';
import type { RegistryContent, SourceId } from '../../src/lib/types.js';
import { scratchDbs } from './helpers/scratch-db.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const { name: freshName } = scratchDbs('test');

function content(source: SourceId, works = 2): RegistryContent {
  return {
    creators: [{ id: `${source}/c`, source, name: 'Creator' }],
    models: [
      {
        id: `${source}/m`,
        source,
        creatorId: `${source}/c`,
        name: 'Model',
        license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false },
        licensees: [],
      },
    ],
    works: Array.from({ length: works }, (_, i) => ({ id: `${source}/w${i}`, source, modelId: `${source}/m`, fingerprints: [FP], addedAt: '2026-01-01' })),
  };
}

describe('registry storage', () => {
  it('creates the current schema from an empty database', async () => {
    const db = await openRegistry(freshName());
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['blobs', 'creators', 'fingerprintCache', 'models', 'registries', 'registryCache', 'registryData', 'secrets', 'settings', 'subscriptions', 'thumbs', 'works']);
    expect([...db.transaction('works').store.indexNames].sort()).toEqual(['modelId', 'source']);
    db.close();
  });

  it('upgrades a version-1 database to the current schema without losing records', async () => {
    const name = freshName();
    const v1 = await openRegistry(name, 1);
    await replaceSource(v1, 'own', content('own', 3));
    await setSetting(v1, 'demoEnabled', true);
    v1.close();
    const db = await openRegistry(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await countBySource(db, 'own')).toEqual({ models: 1, works: 3 });
    expect(await getSetting(db, 'demoEnabled', false)).toBe(true);
    expect(db.objectStoreNames.contains('fingerprintCache')).toBe(true);
    db.close();
  });

  it('round-trips creators, models, works and settings, and survives reopening', async () => {
    const name = freshName();
    const db = await openRegistry(name);
    await replaceSource(db, 'own', content('own'));
    await setSetting(db, 'demoEnabled', true);
    db.close();
    const again = await openRegistry(name);
    const all = await readAll(again);
    expect(all.works.map((w) => w.id).sort()).toEqual(['own/w0', 'own/w1']);
    expect(all.models[0]!.license.commercialUse).toBe('forbidden');
    expect(await getSetting(again, 'demoEnabled', false)).toBe(true);
    expect(await getSetting(again, 'missing', 'fallback')).toBe('fallback');
    again.close();
  });

  it('replaces one source atomically and never touches the others', async () => {
    const db = await openRegistry(freshName());
    await replaceSource(db, 'own', content('own', 3));
    await replaceSource(db, 'list:a', content('list:a', 5));
    await replaceSource(db, 'list:a', content('list:a', 2));
    expect(await countBySource(db, 'list:a')).toEqual({ models: 1, works: 2 });
    expect(await countBySource(db, 'own')).toEqual({ models: 1, works: 3 });
    await removeSource(db, 'list:a');
    expect(await countBySource(db, 'list:a')).toEqual({ models: 0, works: 0 });
    expect(await countBySource(db, 'own')).toEqual({ models: 1, works: 3 });
    db.close();
  });

  it('rejects a replacement that smuggles in another source and keeps what was stored', async () => {
    const db = await openRegistry(freshName());
    await replaceSource(db, 'list:a', content('list:a', 2));
    const bad = content('list:a', 1);
    bad.works.push({ ...bad.works[0]!, id: 'own/x', source: 'own' });
    await expect(replaceSource(db, 'list:a', bad)).rejects.toThrow(/belongs to own/);
    expect(await countBySource(db, 'list:a')).toEqual({ models: 1, works: 2 });
    db.close();
  });

  it('rolls back a failed replacement whole', async () => {
    const db = await openRegistry(freshName());
    await replaceSource(db, 'list:a', content('list:a', 2));
    const bad = content('list:a', 1);
    // A work with no id cannot be stored under keyPath 'id': the put fails inside the transaction.
    (bad.works[0] as unknown as { id?: string }).id = undefined;
    await expect(replaceSource(db, 'list:a', bad)).rejects.toThrow();
    expect(await countBySource(db, 'list:a')).toEqual({ models: 1, works: 2 });
    db.close();
  });
});
