/**
 * Checking a large list must not hold the background (issue 19.6): JSON.parse of a 19 MiB list and its canonical
 * encoding are single steps of seconds, and on the background's thread they delayed every reply (the popup's, the
 * page scan's) by as much, and in Firefox froze the options page, which shares that thread. The check now runs in a
 * list worker. The test build's stall hook (list-worker/list-job.ts) makes the check hold its thread for 8 s in
 * one step, as such a parse does, without a 19 MiB list: meanwhile the options page keeps asking the background
 * for the settings, and no answer may take half the stall. Timing of the real thing is bench:list-load's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lib/list/ed25519.js';
import { listText, signList } from '../../src/lib/list/sign.js';
import type { Backup } from '../../src/storage/backup-file.js';
import { TEST_STALL_ID, TEST_STALL_MS } from '../../src/list-worker/list-job.js';
import { json, listsOutcome, openOptions, startListServer, startListsAction, summary, type ListServer } from './list-helpers.js';
import { describeInBrowsers } from './setup.js';

let server: ListServer;
beforeAll(async () => {
  server = await startListServer();
});
afterAll(() => server?.close());

/** A list whose check holds the list job's thread for TEST_STALL_MS (the test build's stall hook). */
async function stallList(id: string, name: string): Promise<string> {
  const list = await signList(
    {
      format: 'license-lens/list',
      formatVersion: 1,
      id,
      name,
      version: 1,
      updated: '2026-12-06T00:00:00Z',
      publisher: { name: 'Stall' },
      models: [{ id: 'm', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false } }],
      works: [{ id: 'w', model: 'm', fingerprints: ['ab'.repeat(32)] }],
    },
    await generateKeyPair(),
  );
  return listText(list);
}

describeInBrowsers(
  'the background answers while a list is checked',
  (kind, env) => {
    it(`answers settings/get well within ${TEST_STALL_MS / 2000} s while the list check holds its thread for ${TEST_STALL_MS / 1000} s`, async () => {
      const { session } = env();
      const options = await openOptions(session);
      server.routes.set(`/${kind}/stall.json`, json(await stallList(TEST_STALL_ID, 'Stalling list')));
      // The page asks one at a time, every 100 ms, and keeps how long each answer took.
      await options.evaluate(() => {
        const w = window as unknown as { __took: number[]; __asking: boolean };
        w.__took = [];
        w.__asking = true;
        const ask = () => {
          const t = performance.now();
          void chrome.runtime.sendMessage({ type: 'settings/get', payload: {} }).then(() => {
            w.__took.push(performance.now() - t);
            if (w.__asking) setTimeout(ask, 100);
          });
        };
        ask();
      });
      const started = Date.now();
      await startListsAction(options, { subscribe: `${server.origin}/${kind}/stall.json` });
      const done = await listsOutcome(options, 60_000 + TEST_STALL_MS);
      const took = await options.evaluate(() => {
        const w = window as unknown as { __took: number[]; __asking: boolean };
        w.__asking = false;
        return w.__took;
      });
      // The stall had its chance: the list was checked (subscribed), and that took the stall's length at least.
      expect(done).toMatchObject({ statusState: 'ok', status: 'Subscribed to “Stalling list”: 1 works.' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(TEST_STALL_MS);
      expect(took.length).toBeGreaterThan(3);
      expect(Math.max(...took)).toBeLessThan(TEST_STALL_MS / 2);
      await options.close();
    });

    it('runs a backup export and a restore asked during a subscribe after it: the export holds the whole list, the restored state is the backup, whole', async () => {
      const { session } = env();
      const options = await openOptions(session);
      const ask = (type: string, payload: unknown) =>
        options.evaluate((m) => chrome.runtime.sendMessage(m) as Promise<{ ok: boolean; value?: unknown; error?: string }>, { type, payload });
      const exported = await ask('backup/export', {});
      expect(exported.ok).toBe(true);
      const before = { lists: await ask('lists/get', {}), summary: await summary(session) };
      server.routes.set(`/${kind}/stall-restore.json`, json(await stallList(`${TEST_STALL_ID}-restore`, 'Stalling list 2')));
      await startListsAction(options, { subscribe: `${server.origin}/${kind}/stall-restore.json` });
      // The subscribe is under way (its check holds the job for TEST_STALL_MS) when the restore is asked.
      await options.waitForFunction(() => document.getElementById('lists-status')!.dataset.state === 'progress', { timeout: 20_000, polling: 50 });
      // An export asked now waits for the subscribe too: it holds the whole list, never its record without its works.
      const exportedDuring = ask('backup/export', {});
      const restored = await ask('backup/restore', { text: (exported.value as { text: string }).text });
      const done = await listsOutcome(options, 60_000 + TEST_STALL_MS);
      const during = JSON.parse(((await exportedDuring).value as { text: string }).text) as Backup;
      const sub = during.stores.subscriptions.find((s) => s.listName === 'Stalling list 2');
      expect(sub, 'the export came after the subscribe').toBeDefined();
      expect(during.stores.works.filter((w) => w.source === `list:${String(sub!.id)}`)).toHaveLength(1);
      // Both had their chance: the subscribe completed, and the restore came after it, so the list is gone again.
      expect(done).toMatchObject({ statusState: 'ok', status: 'Subscribed to “Stalling list 2”: 1 works.' });
      expect(restored).toMatchObject({ ok: true });
      expect({ lists: await ask('lists/get', {}), summary: await summary(session) }).toEqual(before);
      await options.close();
    });
  },
  { build: 'test-hooks' },
);
