/**
 * Storage full: the browser refuses a write with a QuotaExceededError part-way through a list update. The update
 * fails with a message a user can act on, and what was stored before (that source and every other) is intact.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRegistry } from '../../src/storage/db.js';
import { countBySource, readAll, replaceSource } from '../../src/storage/registry.js';
import { failNthWrite } from './helpers/quota-fault.js';
import type { RegistryContent, SourceId } from '../../src/lib/types.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';

function content(source: SourceId, works: number): RegistryContent {
  return {
    creators: [{ id: `${source}/c`, source, name: 'Creator' }],
    models: [{ id: `${source}/m`, source, creatorId: `${source}/c`, name: 'Model', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }],
    works: Array.from({ length: works }, (_, i) => ({ id: `${source}/w${i}`, source, modelId: `${source}/m`, fingerprints: [FP], addedAt: '2026-01-01' })),
  };
}

afterEach(() => vi.restoreAllMocks());

describe('storage full', () => {
  for (const how of ['throws', 'aborts-at-commit'] as const) {
    for (const at of [1, 50, 501]) {
      it(`a list update whose put #${at} of 503 ${how === 'throws' ? 'throws' : 'aborts the transaction'} fails clearly and keeps what was stored`, async () => {
        const db = await openRegistry(`quota-${how}-${at}-${Math.random()}`);
        await replaceSource(db, 'own', content('own', 7));
        await replaceSource(db, 'list:a', content('list:a', 40));
        const before = await readAll(db);
        failNthWrite(at, how, ['put']);
        const update = replaceSource(db, 'list:a', content('list:a', 501));
        await expect(update).rejects.toThrow(/Not enough storage space.*Nothing was changed/);
        vi.restoreAllMocks();
        expect(await readAll(db)).toEqual(before);
        expect(await countBySource(db, 'list:a')).toEqual({ models: 1, works: 40 });
        expect(await countBySource(db, 'own')).toEqual({ models: 1, works: 7 });
        // And the database still works afterwards.
        await replaceSource(db, 'list:a', content('list:a', 3));
        expect(await countBySource(db, 'list:a')).toEqual({ models: 1, works: 3 });
        db.close();
      });
    }
  }
});
