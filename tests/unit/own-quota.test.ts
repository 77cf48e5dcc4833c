/**
 * Storage full during a bulk registration: a batch of own works whose write hits QuotaExceededError fails with
 * storageError's message, stores none of the batch, and leaves earlier registrations and lists intact.
 */
import 'fake-indexeddb/auto';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelInput, MAX_WORKS_PER_ADD } from '../../src/lib/own/own-schemas.js';
import { openRegistry } from '../../src/storage/db.js';
import { addWorks, listWorks, saveModel, setProfile } from '../../src/storage/own.js';
import { countBySource, readAll, replaceSource } from '../../src/storage/registry.js';
import { failNthWrite } from './helpers/quota-fault.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
afterEach(() => vi.restoreAllMocks());

describe('storage full during a bulk registration', () => {
  for (const how of ['throws', 'aborts-at-commit'] as const) {
    // A batch of 100 works with thumbnails is 200 writes: fail the first, one in the middle, the last.
    for (const at of [1, 99, 200]) {
      it(`write #${at} of a ${MAX_WORKS_PER_ADD}-work batch ${how === 'throws' ? 'throws' : 'aborts the transaction'}: clear error, nothing of the batch stored, earlier data intact`, async () => {
        const db = await openRegistry(`own-quota-${how}-${at}-${Math.random()}`);
        await setProfile(db, { name: 'Ana' });
        const model = await saveModel(db, v.parse(ModelInput, { name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false }, licensees: [] }));
        const item = (i: number) => ({ modelId: model.id, title: `w${i}`, fingerprints: [FP], thumb: `data:,${i}` });
        // Earlier batches of the same bulk registration, and a list.
        await addWorks(db, Array.from({ length: 25 }, (_, i) => item(i)));
        await replaceSource(db, 'list:a', { creators: [{ id: 'list:a/c', source: 'list:a', name: 'C' }], models: [], works: [] });
        const before = await readAll(db);
        const thumbsBefore = await listWorks(db, { offset: 0, limit: 1000 });

        failNthWrite(at, how);
        await expect(addWorks(db, Array.from({ length: MAX_WORKS_PER_ADD }, (_, i) => item(100 + i)))).rejects.toThrow(/Not enough storage space.*Nothing was changed/);
        vi.restoreAllMocks();

        expect(await readAll(db)).toEqual(before);
        expect(await listWorks(db, { offset: 0, limit: 1000 })).toEqual(thumbsBefore);
        // The next batch, once there is space, is stored.
        await addWorks(db, [item(999)]);
        expect(await countBySource(db, 'own')).toEqual({ models: 1, works: 26 });
        db.close();
      });
    }
  }
});
