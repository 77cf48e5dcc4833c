/**
 * Registries restored from a backup fetch their edition even when the browser stops the background first: the
 * restore records which registries it left to fetch (storage/registry-fetches.ts), and the next background queues
 * their updates at its start (list-ops.ts `recovered`), with no user action. Before, the queued updates lived in
 * the stopped background's memory and the registry stayed "not downloaded yet" until the scheduled update.
 * And a restore asked while registry updates are queued: the updates queued after it act on the restored
 * registry (its switches, not the replaced record's) or, the registry gone, change nothing.
 */
import { expect, it } from 'vitest';
import { generateKeyPair } from '../../src/lib/list/index.js';
import type { RegistryRecord, Result } from '../../src/lib/protocol/index.js';
import { buildDemoRegistry, startRegistryServer, syntheticList } from '../../scripts/lib/demo-registry.js';
import type { Session } from '../../scripts/lib/launch.js';
import { stopBackground } from '../../scripts/lib/stop-background.js';
import { holdManifest } from './registry-helpers.js';
import { describeInBrowsers } from './setup.js';

function ask<T>(s: Session, type: string, payload: unknown = {}): Promise<Result<T>> {
  return s.ext.evaluate((m) => chrome.runtime.sendMessage(m) as Promise<Result<T>>, { type, payload }) as Promise<Result<T>>;
}

async function value<T>(s: Session, type: string, payload: unknown = {}): Promise<T> {
  const r = await ask<T>(s, type, payload);
  if (!r.ok) throw new Error(`${type}: ${r.error}`);
  return r.value;
}

/** What the options page shows of each registry: its edition, whether one is held, its switches and error. */
async function registries(s: Session) {
  return (await value<RegistryRecord[]>(s, 'registries/get')).map((r) => ({ id: r.id, edition: r.edition, downloaded: r.installedAt > 0, publishers: r.publishers.length, off: r.off, error: r.error }));
}

describeInBrowsers('restored registries', (kind, env) => {
  it(`fetch their edition after the ${kind === 'chrome' ? 'worker is stopped' : 'event page is reloaded'} with the fetch pending, without any user action`, async () => {
    const { session } = env();
    const key = await generateKeyPair();
    const one = await buildDemoRegistry({ key, lists: [{ source: 's1', text: await syntheticList(await generateKeyPair(), 1, 30) }] });
    const reg = await startRegistryServer(one.files);
    const held = holdManifest(reg);
    try {
      const added = await value<RegistryRecord>(session, 'registries/add-url', { url: reg.url });
      const backup = await value<{ text: string }>(session, 'backup/export');
      const restoredView = { id: added.id, edition: 1, downloaded: true, publishers: 1, off: [], error: undefined };
      expect(await registries(session)).toEqual([restoredView]);

      // The restore empties the edition; its fetch is held by the server, so it is certainly pending when the
      // background stops.
      held.hold();
      const asked = held.count();
      expect(await ask(session, 'backup/restore', { text: backup.text })).toMatchObject({ ok: true });
      await expect.poll(held.count, { timeout: 30_000, interval: 50, message: 'the restore never asked for the manifest' }).toBeGreaterThan(asked);
      expect((await registries(session))[0]).toMatchObject({ id: added.id, downloaded: false });
      await stopBackground(session);
      held.release();

      // The new background fetches it by itself (asking for the list only reads it; Chrome starts a worker for it).
      await expect.poll(async () => (await registries(session))[0], { timeout: 45_000, interval: 500 }).toEqual(restoredView);
      expect(held.count()).toBeGreaterThan(asked + 1);
    } finally {
      held.release();
      await reg.close();
    }
  });

  it('acts on the restored registry, or changes nothing, in the updates queued after a restore', async () => {
    const { session } = env();
    const key = await generateKeyPair();
    const lists = async (n: number) => [{ source: 's1', text: await syntheticList(await generateKeyPair(), 1, 20 + n) }];
    const one = await buildDemoRegistry({ key, lists: await lists(1) });
    const reg = await startRegistryServer(one.files);
    const held = holdManifest(reg);
    try {
      for (const r of await value<RegistryRecord[]>(session, 'registries/get')) await value(session, 'registries/remove', { id: r.id });
      const added = await value<RegistryRecord>(session, 'registries/add-url', { url: reg.url });
      const backup = await value<{ text: string }>(session, 'backup/export');
      // Changed after the backup: publisher 0 switched off, and the host publishes edition 2.
      await value(session, 'registries/publisher', { id: added.id, publisher: 0, on: false });
      const two = await buildDemoRegistry({ key, previous: one.manifest, files: reg.files, lists: await lists(2) });
      reg.files.set('manifest.json', two.files.get('manifest.json')!);

      // An update held by the server keeps the queue busy while the restore and the updates around it are asked.
      held.hold();
      const asked = held.count();
      const first = ask<RegistryRecord>(session, 'registries/update', { id: added.id });
      await expect.poll(held.count, { timeout: 30_000, interval: 50 }).toBeGreaterThan(asked);
      const before = ask<RegistryRecord>(session, 'registries/update', { id: added.id });
      const restore = ask(session, 'backup/restore', { text: backup.text });
      const after = ask<RegistryRecord>(session, 'registries/update', { id: added.id });
      held.release();
      expect(await first).toMatchObject({ ok: true, value: { edition: 2, off: [0] } });
      expect(await before).toMatchObject({ ok: true, value: { edition: 2, off: [0] } });
      expect(await restore).toMatchObject({ ok: true });
      // On the restored record: the backup's switches, edition 2 fetched again (the restore dropped the edition).
      expect(await after).toMatchObject({ ok: true, value: { edition: 2, off: [], installedAt: expect.any(Number) } });
      const restored = { id: added.id, edition: 2, downloaded: true, publishers: 1, off: [], error: undefined };
      await expect.poll(() => registries(session), { timeout: 30_000, interval: 500 }).toEqual([restored]);

      // A backup without that registry: the update queued after the restore finds none and writes nothing back.
      const none = JSON.stringify({ ...JSON.parse(backup.text), stores: { ...JSON.parse(backup.text).stores, registries: [] } });
      held.hold();
      const asked2 = held.count();
      const busy = ask<RegistryRecord>(session, 'registries/update', { id: added.id });
      await expect.poll(held.count, { timeout: 30_000, interval: 50 }).toBeGreaterThan(asked2);
      const emptied = ask(session, 'backup/restore', { text: none });
      const gone = ask<RegistryRecord>(session, 'registries/update', { id: added.id });
      held.release();
      expect(await busy).toMatchObject({ ok: true });
      expect(await emptied).toMatchObject({ ok: true });
      expect(await gone).toMatchObject({ ok: false, error: expect.stringMatching(/no such registry/) });
      expect(await registries(session)).toEqual([]);
    } finally {
      held.release();
      await reg.close();
    }
  });
});
