/**
 * The CLI and the extension fingerprint the same files alike: a list built by `license-lens build` (sharp
 * decoding) is subscribed to in the browser, a page shows the same files, and every one must be flagged with
 * at most PARITY_MAX_BITS of 256 bits differing (docs/list-format.md, "Fingerprints from the CLI").
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tabIdOf, tabReport, waitForScan } from '../../scripts/lib/launch.js';
import { SHARED_DIR, sharedAvailable } from '../../bench/shared.js';
import { file, html, json, listsAction, openOptions, startListServer, type ListServer } from './list-helpers.js';
import { PARITY_MAX_BITS, PARITY_MAX_MEAN_BITS } from './lib/parity.js';
import { describeInBrowsers } from './setup.js';

const DEMO = new URL('../../demo/images/', import.meta.url).pathname;
/** Every work of the shared corpus (108) plus the five demo photos. */
const CORPUS_FILES = 200;

let server: ListServer;
let listTextBody = '';
const files: string[] = [];
const distances: Record<string, number[]> = {};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-parity-'));
  const images = join(dir, 'images');
  mkdirSync(images);
  for (const f of ['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'rocket.jpg', 'starry-night.jpg']) copyFileSync(join(DEMO, f), join(images, f));
  if (sharedAvailable) {
    const works = readdirSync(join(SHARED_DIR, 'corpus/works')).filter((f) => f.endsWith('.jpg')).sort().slice(0, CORPUS_FILES);
    for (const f of works) copyFileSync(join(SHARED_DIR, 'corpus/works', f), join(images, f));
  } else if (process.env.CI === 'true') {
    throw new Error('../shared/corpus is absent; CI needs it for the CLI/extension parity test');
  } else {
    console.warn('[e2e] ../shared/corpus is absent: parity checked on the demo images only');
  }
  files.push(...readdirSync(images).sort());
  writeFileSync(join(dir, 'models.json'), JSON.stringify({ list: { id: 'parity', name: 'Parity' }, publisher: { name: 'Parity' }, models: [{ id: 'm', name: 'M', license: { personalUse: true, commercialUse: 'forbidden', attributionRequired: false, derivativesAllowed: false } }] }));
  const bin = new URL('../../bin/license-lens.mjs', import.meta.url).pathname;
  const run = (...a: string[]) => promisify(execFile)(process.execPath, [bin, ...a], { timeout: 120_000 });
  await run('keygen', '--out', join(dir, 'key.json'));
  await run('build', images, '--meta', join(dir, 'models.json'), '--key', join(dir, 'key.json'), '--out', join(dir, 'list.json'));
  listTextBody = readFileSync(join(dir, 'list.json'), 'utf8');
  server = await startListServer();
  server.routes.set('/parity.json', json(listTextBody));
  for (const f of files) server.routes.set(`/img/${f}`, file(join(images, f)));
  server.routes.set('/parity.html', html(files.map((f) => `<img src="/img/${f}" width="160">`).join('')));
}, 180_000);
afterAll(async () => {
  await server?.close();
  const rows = Object.entries(distances).map(([k, d]) => `${k}: max ${Math.max(...d)}, mean ${(d.reduce((a, b) => a + b, 0) / d.length).toFixed(1)} over ${d.length} files`);
  if (rows.length) console.log(`[e2e] CLI vs extension fingerprint distance (bits of 256): ${rows.join('; ')}`);
});

describeInBrowsers('CLI and extension fingerprints', (kind, env) => {
  it(`agree within ${PARITY_MAX_BITS} bits for the same files`, async () => {
    const { session } = env();
    const options = await openOptions(session);
    expect((await listsAction(options, { subscribe: `${server.origin}/parity.json` })).statusState).toBe('ok');
    await options.close();
    const page = await session.browser.newPage();
    await page.goto(`${server.origin}/parity.html`);
    const tabId = await tabIdOf(session, `${server.origin}/parity.html`);
    const report = await waitForScan(session, tabId, files.length, 90_000).catch(async (e: unknown) => {
      // Which files were never reported, and whether the page itself finished loading them: an image lost once in
      // Chromium under the full suite (112 of 113 after 90 s) while the rest were flagged.
      const seen = new Set((await tabReport(session, tabId)).flagged.map((r) => r.url.split('/').pop()!));
      const loaded = await page.$$eval('img', (imgs) => Object.fromEntries(imgs.map((i) => [i.src.split('/').pop(), i.complete && i.naturalWidth > 0])));
      const missing = files.filter((f) => !seen.has(f)).map((f) => `${f} (${loaded[f] ? 'loaded by the page' : 'not loaded by the page'})`);
      throw new Error(`${e instanceof Error ? e.message : String(e)}; not reported: ${missing.join(', ') || 'none'}`);
    });
    const byFile = new Map(report.flagged.map((r) => [r.url.split('/').pop()!, r]));
    const d: number[] = [];
    for (const f of files) {
      const r = byFile.get(f);
      expect(r, `${f} not flagged`).toBeDefined();
      // The nearest work of the list must be this very file (work ids come from file names).
      const own = r!.matches.find((m) => m.workId.endsWith(`/${f.replace(/\.[^.]+$/, '')}`));
      expect(own, `${f} matched other works only`).toBeDefined();
      d.push(own!.distance);
    }
    distances[kind] = d;
    expect(Math.max(...d)).toBeLessThanOrEqual(PARITY_MAX_BITS);
    expect(d.reduce((a, b) => a + b, 0) / d.length).toBeLessThanOrEqual(PARITY_MAX_MEAN_BITS);
    await page.close();
  }, 240_000);
});
