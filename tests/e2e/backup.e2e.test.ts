/**
 * Backup round trip across browser profiles: register a profile, a model and a work, change a setting and turn
 * the demo list on in one session; save the backup from the options page; restore it from the options page of a
 * second, fresh session; every store (read back through backup/export) and every user-visible view is identical.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { launch, openOptions, type Session } from '../../scripts/lib/launch.js';
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
    expect(await options.$eval('#backup-status', (el) => el.textContent)).toMatch(/Saved license-lens-backup-.*\.json \(4 works and 2 models \(yours and from lists\), 0 subscriptions\)/);
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
      const choose = async (path: string) => {
        await ((await page.$('#backup-file')) as ElementHandle<HTMLInputElement>).uploadFile(path);
        await page.waitForFunction(() => !(document.getElementById('backup-restore') as HTMLButtonElement).disabled);
        await page.click('#backup-restore');
        await page.waitForFunction(() => ['ok', 'error'].includes(document.getElementById('backup')!.dataset.state ?? '') && document.getElementById('backup-status')!.textContent !== 'Working…', { timeout: 30_000 });
        return page.$eval('#backup-status', (el) => el.textContent);
      };
      expect(await choose(join(dir, 'broken.json'))).toMatch(/not a License Lens backup.*Nothing was changed/);
      expect(await state(second)).toEqual(empty);

      expect(await choose(file)).toMatch(/Restored: 4 works and 2 models/);
      expect(await state(second)).toEqual(before);
      // The content scripts' copy of the page settings follows the restore, so open pages apply it at once.
      const mirror = await second.ext.evaluate(() => chrome.storage.local.get('pageSettings'));
      expect(mirror).toEqual({ pageSettings: { autoScan: true, marksEnabled: false, pausedSites: ['paused.example'] } });
    } finally {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
