/**
 * Files the options page reads and writes: a signed list chosen from disk (a tampered one refused, nothing stored
 * changed) and the signing key's export and import.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { fromBackup, generateKeyPair, keyFingerprint, type KeyPairInfo } from '../../src/lib/list/ed25519.js';
import { listText, signList } from '../../src/lib/list/sign.js';
import { fingerprintFile } from '../../src/node/decode.js';
import { listDraft, listsState, openOptions, summary } from './list-helpers.js';
import { describeInBrowsers } from './setup.js';

const fp: Record<string, string> = {};
let signer: KeyPairInfo;

beforeAll(async () => {
  signer = await generateKeyPair();
  fp['coffee.jpg'] = await fingerprintFile(new URL('../../demo/images/coffee.jpg', import.meta.url).pathname);
});

describeInBrowsers('files in the options page', (kind, env) => {
  it('subscribes from a file chosen in the options page, and refuses a tampered file', async () => {
    const { session } = env();
    const dir = mkdtempSync(join(tmpdir(), 'll-e2e-file-'));
    const good = join(dir, 'carol.json');
    writeFileSync(good, listText(await signList(listDraft(fp, 1, 'Carol', [['k1', 'coffee.jpg']]), signer)));
    const bad = join(dir, 'carol-bad.json');
    writeFileSync(bad, readFileSync(good, 'utf8').replace('"Carol Model"', '"Carol Modal"'));
    const options = await openOptions(session);
    const count = (await listsState(options)).items.length;
    const before = await summary(session);
    const choose = async (path: string) => {
      await options.evaluate(() => {
        document.getElementById('lists-status')!.textContent = '';
      });
      const input = (await options.$('#list-file'))!;
      await (input as import('puppeteer-core').ElementHandle<HTMLInputElement>).uploadFile(path);
      await options.waitForFunction(() => !document.getElementById('lists')!.dataset.busy && document.getElementById('lists-status')!.textContent !== '', { timeout: 30_000, polling: 200 });
      return listsState(options);
    };
    const refused = await choose(bad);
    expect(refused).toMatchObject({ statusState: 'error', status: expect.stringMatching(/bad signature/) });
    expect(refused.items).toHaveLength(count);
    expect(await summary(session)).toEqual(before);
    const added = await choose(good);
    expect(added.statusState).toBe('ok');
    const carol = added.items.find((i) => i.text.includes("Carol's works"))!;
    expect(carol.text).toContain('Added from a file');
    expect(carol.text).not.toContain('Update now');
    await options.close();
  });

  it('exports and imports the signing key; export of a list without a creator profile says what is missing', async () => {
    const { session } = env();
    const options = await openOptions(session);
    const shown = await options.$eval('#key-fingerprint', (el) => el.textContent);
    const exported = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'keys/export', payload: {} }));
    const key = await fromBackup(exported.value.text);
    expect(await keyFingerprint(key.publicKey)).toBe(shown);
    const demoKey = readFileSync(new URL('../../demo/demo-key.json', import.meta.url), 'utf8');
    const imported = await options.evaluate((text: string) => chrome.runtime.sendMessage({ type: 'keys/import', payload: { text } }), demoKey);
    expect(imported.ok).toBe(true);
    const again = await openOptions(session);
    expect(await again.$eval('#key-fingerprint', (el) => el.textContent)).toBe(await keyFingerprint((await fromBackup(demoKey)).publicKey));
    const broken = await again.evaluate(() => chrome.runtime.sendMessage({ type: 'keys/import', payload: { text: '{"format":"nope"}' } }));
    expect(broken).toMatchObject({ ok: false, error: expect.stringMatching(/not a License Lens key file/) });
    await again.evaluate(() => document.getElementById('list-export')!.click());
    await again.waitForFunction(() => document.getElementById('lists-status')!.textContent !== '', { timeout: 20_000, polling: 200 });
    expect(await again.$eval('#lists-status', (el) => el.textContent)).toMatch(/creator profile/);
    await again.close();
    await options.close();
  });
});
