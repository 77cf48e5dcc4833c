import { readFile } from 'node:fs/promises';
import type { Page } from 'puppeteer-core';
import { expect, it } from 'vitest';
import type { TabReport } from '../../src/lib/protocol/messages.js';
import { openOptions, openPopup, tabIdOf, tabReport, waitForScan, type Session } from '../../scripts/lib/launch.js';
import { pollUntil } from '../../scripts/lib/poll.js';
import { describeInBrowsers } from './setup.js';

const IMAGES = new URL('../../demo/images/', import.meta.url);
const SHOTS = process.env.LL_SCREENSHOTS; // set to write the README screenshots into docs/img/

/** Drops files on an element the way a user's drag does (a DataTransfer on a drop event), in either browser. */
async function dropFiles(page: Page, selector: string, files: Array<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') }));
  await page.evaluate(
    (sel: string, list: typeof payload) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bin = atob(f.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      document.querySelector(sel)!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    selector,
    payload,
  );
}

async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(selector, (el, v) => ((el as HTMLInputElement).value = v as string), value);
}

async function waitForVerdicts(s: Session, tabId: number, verdict: string, count: number): Promise<TabReport> {
  return pollUntil(
    () => tabReport(s, tabId),
    (r) => r.flagged.length === count && r.flagged.every((f) => f.matches[0]?.verdict === verdict),
    (r) => `verdicts not all ${verdict}: ${JSON.stringify(r.flagged.map((f) => [f.url, f.matches[0]?.verdict]))}`,
    { timeoutMs: 30_000, everyMs: 300 },
  );
}

describeInBrowsers('creator workflow', (kind, env) => {
  it('creates a profile and a model with license terms, imported from Civitai JSON', async () => {
    const { session } = env();
    const opts = await openOptions(session);
    await fill(opts, '#profile-form [name=name]', 'E2E Creator');
    await fill(opts, '#profile-form [name=homepage]', 'https://e2e-creator.example');
    await opts.click('#profile-form button[type=submit]');
    await opts.waitForFunction(() => document.getElementById('profile-status')?.dataset.kind === 'ok');
    await opts.waitForFunction(() => !(document.getElementById('model-new') as HTMLButtonElement).disabled);

    await opts.click('#model-new');
    await fill(opts, '#model-form [name=name]', 'E2E Muse');
    await fill(opts, '#model-form [name=version]', 'v1');
    await fill(opts, '#model-form [name=price]', '99 EUR a year');
    await opts.click('#model-form details.civitai summary');
    const civitai = { allowNoCredit: false, allowCommercialUse: ['RentCivit'], allowDerivatives: true, allowDifferentLicense: false, modelVersions: [{ name: 'v1', baseModel: 'SDXL 1.0' }] };
    await fill(opts, '#civitai-json', JSON.stringify(civitai));
    await opts.click('#civitai-import');
    expect(await opts.$eval('#civitai-status', (el) => (el as HTMLElement).dataset.kind)).toBe('ok');
    expect(await opts.$eval('#model-form [name=baseModel]', (el) => (el as HTMLInputElement).value)).toBe('SDXL 1.0');
    expect(await opts.$eval('#model-form [name=attributionRequired]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    expect(await opts.$eval('#model-form [name=derivativesAllowed]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    // Civitai has no "license required": its "no commercial use" arrives as forbidden; this creator sells licenses.
    expect(await opts.$eval('#model-form [name=commercialUse]', (el) => (el as HTMLSelectElement).value)).toBe('forbidden');
    await opts.select('#model-form [name=commercialUse]', 'license-required');
    await opts.click('#model-save');
    await opts.waitForFunction(() => document.getElementById('models')?.dataset.models === '1');
    expect(await opts.$eval('#model-list', (el) => el.textContent)).toContain('E2E Muse v1');
    await opts.close();
  });

  it('adds works by dropping files (naming the one that fails), by URL and by the right-click register page', async () => {
    const { session, servers } = env();
    const opts = await openOptions(session);
    const jpg = async (n: string) => ({ name: n, type: 'image/jpeg', bytes: await readFile(new URL(n, IMAGES)) });
    await dropFiles(opts, '#work-drop', [
      await jpg('astronaut.jpg'),
      { name: 'notes.jpg', type: 'image/jpeg', bytes: Buffer.from('<html>not an image</html>') },
      await jpg('coffee.jpg'),
    ]);
    await opts.waitForFunction(() => document.getElementById('work-progress')?.dataset.state === 'done', { timeout: 30_000 });
    expect(await opts.$eval('#work-progress-text', (el) => el.textContent)).toBe('Done: 2 added, 1 failed.');
    expect(await opts.$$eval('#work-failures li', (lis) => lis.map((li) => (li as HTMLElement).dataset.name))).toEqual(['notes.jpg']);

    await fill(opts, '#work-url', `${servers.imageOrigin}/images/chelsea.jpg`);
    await opts.click('#work-url-form button[type=submit]');
    await opts.waitForFunction(() => document.getElementById('works')?.dataset.works === '3', { timeout: 30_000 });
    await opts.waitForFunction(() => document.querySelectorAll('#work-list li.work img.thumb').length === 3);
    const titles = await opts.$$eval('#work-list li.work .work-title', (els) => els.map((e) => (e as HTMLInputElement).value).sort());
    expect(titles).toEqual(['astronaut', 'chelsea', 'coffee']);
    if (SHOTS && kind === 'chrome') await opts.screenshot({ path: `docs/img/options-works-${kind}.png`, fullPage: true });

    const url = `${servers.imageOrigin}/images/starry-night.jpg`;
    const reg = await openOptions(session, `#register=${encodeURIComponent(url)}`);
    await reg.waitForFunction(() => document.getElementById('register-panel')?.dataset.state === 'ready', { timeout: 30_000 });
    expect(await reg.$eval('#register-title', (el) => (el as HTMLInputElement).value)).toBe('starry-night');
    await reg.click('#register-save');
    await reg.waitForFunction(() => document.getElementById('register-panel')?.dataset.state !== 'ready', { timeout: 15_000 });
    await reg.waitForFunction(() => document.getElementById('works')?.dataset.works === '4', { timeout: 15_000 });
    await reg.close();
    await opts.close();
  });

  it('flags the registered works on a page as unlicensed until the page host is added as a licensee', async () => {
    const { session, servers } = env();
    const page = await session.browser.newPage();
    await page.goto(`${servers.pageOrigin}/`);
    const tabId = await tabIdOf(session, servers.pageOrigin);
    await waitForScan(session, tabId, 6);
    const report = await waitForVerdicts(session, tabId, 'unlicensed', 5);
    expect(report.flagged.map((r) => r.url.split('/').pop()).sort()).toEqual(['astronaut-altered.jpg', 'astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'starry-night.jpg']);
    expect(report.flagged[0]!.matches[0]).toMatchObject({ source: 'own', model: { name: 'E2E Muse', version: 'v1' }, creator: { name: 'E2E Creator' } });

    // The page is served from 127.0.0.1: license that host through the model's licensee editor.
    const opts = await openOptions(session);
    const modelId = await opts.$eval('#model-list li.model', (el) => (el as HTMLElement).dataset.modelId!);
    await opts.click(`[data-action="edit-${modelId}"]`);
    await opts.click('#licensee-add');
    await fill(opts, '#licensee-rows li:last-child [name=licensee-name]', 'Local demo site');
    await fill(opts, '#licensee-rows li:last-child [name=licensee-sites]', new URL(servers.pageOrigin).hostname);
    await opts.click('#model-save');
    await opts.waitForFunction(() => document.getElementById('model-list')?.textContent?.includes('1 licensees'));
    if (SHOTS && kind === 'chrome') {
      await opts.click(`[data-action="edit-${modelId}"]`);
      await opts.screenshot({ path: `docs/img/options-model-${kind}.png`, fullPage: true });
    }
    await opts.close();

    await page.reload();
    await waitForVerdicts(session, tabId, 'licensed', 5);
    const popup = await openPopup(session, tabId);
    const verdicts = await popup.$$eval('li.match', (lis) => lis.map((li) => (li as HTMLElement).dataset.verdict));
    expect(verdicts).toEqual(['licensed', 'licensed', 'licensed', 'licensed', 'licensed']);
    await popup.close();
    await page.close();
  });

  it('shows markup typed into fields as plain text, and says which field is wrong', async () => {
    const { session } = env();
    const opts = await openOptions(session);
    const hostile = '<img src=x onerror="document.title=1"><b>bold</b>';
    await opts.click('#model-new');
    await fill(opts, '#model-form [name=name]', hostile);
    await fill(opts, '#model-form [name=licenseUrl]', 'javascript:alert(1)');
    // A javascript: URL passes the browser's own type=url check; the page's schema check names the field.
    await opts.click('#model-save');
    await opts.waitForFunction(() => document.getElementById('models-status')?.dataset.kind === 'error');
    expect(await opts.$eval('#models-status', (el) => el.textContent)).toContain('license.licenseUrl');
    await fill(opts, '#model-form [name=licenseUrl]', '');
    await opts.click('#model-save');
    await opts.waitForFunction(() => document.getElementById('models')?.dataset.models === '2');
    expect(await opts.$$('#model-list b, #model-list img, #work-list b')).toHaveLength(0);
    expect(await opts.$eval('#model-list', (el) => el.textContent)).toContain(hostile);
    expect(await opts.evaluate(() => document.title)).not.toBe('1');
    await opts.close();
  });

  it('adds many files in one drop with a progress bar, and cancels an image that never finishes loading', async () => {
    const { session, servers } = env();
    const opts = await openOptions(session);
    const before = Number(await opts.$eval('#works', (el) => (el as HTMLElement).dataset.works));
    const coffee = await readFile(new URL('coffee.jpg', IMAGES));
    const files = Array.from({ length: 60 }, (_, i) => ({ name: `batch-${i}.jpg`, type: 'image/jpeg', bytes: coffee }));
    files[41] = { name: 'batch-41.jpg', type: 'image/jpeg', bytes: coffee.subarray(0, 200) };
    await dropFiles(opts, '#work-drop', files);
    // 60 registrations take ~30 s on a quiet 2-core machine (~0.5 s of fingerprinting each) and timed out at 60 s
    // in Chromium at load average 20: the wait allows for a loaded CI machine, not for a slower product.
    await opts.waitForFunction(() => document.getElementById('work-progress')?.dataset.state === 'done', { timeout: 150_000 });
    expect(await opts.$eval('#work-progress-text', (el) => el.textContent)).toBe('Done: 59 added, 1 failed.');
    expect(await opts.$eval('#work-progress-bar', (el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([60, 60]);
    expect(await opts.$$eval('#work-failures li', (lis) => lis.map((li) => (li as HTMLElement).dataset.name))).toEqual(['batch-41.jpg']);
    await opts.waitForFunction((n: number) => document.getElementById('works')?.dataset.works === String(n), { timeout: 15_000 }, before + 59);

    await fill(opts, '#work-url', `${servers.imageOrigin}/bad/never-finishes.jpg`);
    await opts.click('#work-url-form button[type=submit]');
    await opts.waitForFunction(() => document.getElementById('work-progress')?.dataset.state === 'running');
    await opts.click('#work-cancel');
    await opts.waitForFunction(() => document.getElementById('work-progress')?.dataset.state === 'done', { timeout: 10_000 });
    expect(await opts.$eval('#work-progress-text', (el) => el.textContent)).toBe('Cancelled: 0 added, 0 failed.');
    await opts.close();
  }, 200_000);
});


describeInBrowsers(
  'creator sections in Simplified Chinese',
  (_kind, env) => {
    it('localises the profile, model and works sections', async () => {
      const opts = await openOptions(env().session);
      const text = await opts.$eval('main', (el) => el.textContent ?? '');
      for (const zh of ['显示名称', '保存资料', '添加模型', '选择图片', '从网址添加']) expect(text).toContain(zh);
      expect(text).not.toMatch(/\bcw[A-Z]\w+/); // no key shown for a missing string
      await opts.close();
    });

    it('says in Chinese why an image to register could not be read', async () => {
      const { session, servers } = env();
      const reg = await openOptions(session, `#register=${encodeURIComponent(`${servers.imageOrigin}/bad/not-an-image.png`)}`);
      await reg.waitForFunction(() => document.getElementById('register-panel')?.dataset.state === 'error', { timeout: 30_000 });
      expect(await reg.$eval('#register-status', (el) => el.textContent)).toBe('无法读取此图片：不是图片，或是 License Lens 无法读取的格式');
      await reg.close();
    });
  },
  { locale: 'zh-CN' },
);
