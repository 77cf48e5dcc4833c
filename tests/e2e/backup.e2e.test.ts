/**
 * Backup round trip across browser profiles: register a profile, a model and a work, change a setting and turn
 * the demo list on in one session; save the backup from the options page; restore it from the options page of a
 * second, fresh session; every store (read back through backup/export) and every user-visible view is identical.
 * A backup with one malformed record is refused whole, and a malformed record already stored costs only itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { launch, openOptions, tabIdOf, waitForScan, type Session } from '../../scripts/lib/launch.js';
import type { Result } from '../../src/lib/protocol/messages.js';
import { describeInBrowsers } from './setup.js';

const FP = '3ff0387230333a733bfb90fb807f403078307c20ffc0efc4ff826f903f84b680';
const THUMB = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function call<T>(s: Session, type: string, payload: unknown = {}): Promise<T> {
  const r = await s.ext.evaluate(
    (m: { type: string; payload: unknown }) => chrome.runtime.sendMessage(m) as Promise<Result<unknown>>,
    { type, payload },
  );
  if (!r.ok) throw new Error(`${type}: ${r.error}`);
  return r.value as T;
}

/** Every backed-up store (through backup/export) and what the options page and popup read. */
async function state(s: Session) {
  // First: keys/get makes the signing key on first use (as opening the options page does).
  const key = await call(s, 'keys/get');
  const backup = JSON.parse((await call<{ text: string }>(s, 'backup/export')).text) as { stores: unknown };
  return {
    stores: backup.stores,
    profile: await call(s, 'own/profile/get'),
    models: await call(s, 'own/models/list'),
    works: await call(s, 'own/works/list', { offset: 0, limit: 500 }),
    key,
    settings: await call(s, 'settings/get'),
    lists: await call(s, 'lists/get'),
    summary: await call(s, 'registry/summary'),
  };
}

/** Clicks "Save backup file" and returns the file's text, caught at the download link instead of saved to disk. */
async function exportFromOptions(page: Page): Promise<string> {
  await page.evaluate(() => {
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      (window as unknown as { llDownload: Promise<string> }).llDownload = fetch(this.href).then((r) => r.text());
    };
  });
  await page.click('#backup-export');
  await page.waitForFunction(() => document.getElementById('backup')!.dataset.state === 'ok', { timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { llDownload: Promise<string> }).llDownload);
}

/** Chooses a backup file in the options page, clicks "Restore" and returns the outcome line. */
async function restoreFromOptions(page: Page, path: string): Promise<string | null> {
  await ((await page.$('#backup-file')) as ElementHandle<HTMLInputElement>).uploadFile(path);
  await page.waitForFunction(() => !(document.getElementById('backup-restore') as HTMLButtonElement).disabled);
  await page.click('#backup-restore');
  await page.waitForFunction(() => ['ok', 'error'].includes(document.getElementById('backup')!.dataset.state ?? '') && document.getElementById('backup-status')!.textContent !== 'Working…', { timeout: 30_000 });
  return page.$eval('#backup-status', (el) => el.textContent);
}

describeInBrowsers('backup', (kind, env) => {
  it('restores everything into a fresh profile: identical state', async () => {
    const { session } = env();
    await call(session, 'own/profile/set', { name: 'Ana Lima', homepage: 'https://ana.example' });
    const model = await call<{ id: string }>(session, 'own/model/save', {
      name: 'Muse', version: 'v2',
      license: { personalUse: true, commercialUse: 'license-required', attributionRequired: true, derivativesAllowed: false },
      licensees: [{ name: 'Studio', sites: ['studio.example'] }],
    });
    await call(session, 'own/works/add', { works: [{ modelId: model.id, title: 'Harbour', fingerprints: [FP], thumb: THUMB }] });
    await call(session, 'settings/set', { pausedSites: ['paused.example'], marksEnabled: false });
    await call(session, 'demo/set', { enabled: true });
    await call(session, 'keys/get');
    const before = await state(session);
    expect(before.works).toMatchObject({ total: 1, works: [{ title: 'Harbour', thumb: THUMB }] });

    const options = await openOptions(session, '#backup');
    await options.waitForSelector('#backup[data-ready="true"]');
    const text = await exportFromOptions(options);
    expect(await options.$eval('#backup-status', (el) => el.textContent)).toMatch(/Saved license-lens-backup-.*\.json \(4 works and 2 models \(yours and from lists\), 0 subscriptions, 0 registries\)/);
    await options.close();
    const dir = mkdtempSync(join(tmpdir(), 'll-backup-'));
    const file = join(dir, 'backup.json');
    writeFileSync(file, text);

    const second = await launch(kind);
    try {
      const empty = await state(second);
      expect(empty.profile).toBeNull();
      expect(empty.key).not.toEqual(before.key);

      const page = await openOptions(second, '#backup');
      await page.waitForSelector('#backup[data-ready="true"]');
      // The demo list's 3 works and 1 model are in it too.
      // A broken file is refused and changes nothing.
      writeFileSync(join(dir, 'broken.json'), text.replace('"license-lens-backup"', '"something-else"'));
      const choose = (path: string) => restoreFromOptions(page, path);
      expect(await choose(join(dir, 'broken.json'))).toMatch(/not a License Lens backup.*Nothing was changed/);
      expect(await state(second)).toEqual(empty);

      expect(await choose(file)).toMatch(/Restored: 4 works and 2 models/);
      expect(await state(second)).toEqual(before);
      // The restore writes the settings item, the one copy content scripts watch, so open pages apply it at once.
      const item = await second.ext.evaluate(() => chrome.storage.local.get(null));
      expect(item).toEqual({ settings: { version: 1, values: { autoScan: true, marksEnabled: false, pausedSites: ['paused.example'], demoEnabled: true } } });
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Issue 19.3: one restored fingerprint that was not hex used to turn every verdict into an error.
  it('refuses a backup holding one malformed fingerprint, and scanning survives such a record already stored', async () => {
    const { session, servers } = env();
    await call(session, 'demo/set', { enabled: true });
    const before = await state(session);
    const backup = JSON.parse((await call<{ text: string }>(session, 'backup/export')).text) as { stores: { works: Array<{ fingerprints: string[] }> } };
    expect(backup.stores.works.length).toBeGreaterThan(1);
    backup.stores.works[1]!.fingerprints = ['not-a-fingerprint'];
    const dir = mkdtempSync(join(tmpdir(), 'll-backup-bad-'));
    try {
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(backup));
      const page = await openOptions(session, '#backup');
      await page.waitForSelector('#backup[data-ready="true"]');
      expect(await restoreFromOptions(page, join(dir, 'bad.json'))).toMatch(/stores\.works\.1\.fingerprints\.0: fingerprints are 64 lowercase hex characters.*Nothing was changed/);
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await state(session)).toEqual(before);

    // A record an older version stored, written straight into the extension's database, then the matcher rebuilt.
    await session.ext.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('license-lens');
          open.onerror = () => reject(new Error(String(open.error)));
          open.onsuccess = () => {
            const tx = open.result.transaction('works', 'readwrite');
            tx.objectStore('works').put({ id: 'own/old', source: 'own', modelId: 'demo/portrait-muse', fingerprints: ['not-a-fingerprint'], addedAt: '2020-01-01' });
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(new Error(String(tx.error)));
          };
        }),
    );
    await call(session, 'demo/set', { enabled: true }); // a registry change: the next lookup rebuilds from the works
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/`, { waitUntil: 'domcontentloaded' });
    // The demo page's three registered works and the altered copy.
    const report = await waitForScan(session, await tabIdOf(session, `${servers.pageOrigin}/`), 6, 30_000, (r) => r.flagged.length >= 4);
    expect(report.flagged).toHaveLength(4);
    await page.close();
    expect(await call(session, 'registry/summary')).toMatchObject({ unusableWorks: 1 });
    const options = await openOptions(session, '#lists');
    await options.waitForFunction(() => document.getElementById('lists')?.dataset.ready === 'true');
    expect(await options.$eval('#registry-unusable', (el) => (el as HTMLElement).hidden ? '' : el.textContent)).toMatch(/^Stored works left out of matching: 1\./);
    await options.close();
  });
});
