/// <reference types="vitest/config" />
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { localesPlugin } from './scripts/locales.js';
import { manifestFor, type Browser, type ManifestSource } from './scripts/manifest.js';

const browser = (process.env.TARGET_BROWSER ?? 'chrome') as Browser;
if (browser !== 'chrome' && browser !== 'firefox') throw new Error(`TARGET_BROWSER must be chrome or firefox, not ${browser}`);
const source = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as ManifestSource;

// LL_TEST_HOOKS=1 builds the test-only door of src/content/test-hooks.ts (into its own LL_DIST, never dist/).
const testHooks = process.env.LL_TEST_HOOKS === '1';
if (testHooks && (process.env.LL_DIST ?? 'dist') === 'dist') throw new Error('LL_TEST_HOOKS=1 needs its own LL_DIST, never dist/');

export default defineConfig({
  define: { __LL_TEST_HOOKS__: JSON.stringify(testHooks) },
  plugins: [
    localesPlugin('src/locales'),
    // Test material that must not ship: the hostile demo list (HTML/script in every text field) for the popup tests.
    {
      name: 'test-only-files',
      generateBundle() {
        if (!testHooks) return;
        const source = readFileSync(new URL('./tests/fixtures/lists/demo-list-hostile.json', import.meta.url));
        this.emitFile({ type: 'asset', fileName: 'demo-list-hostile.json', source });
      },
    },
    crx({
      manifest: manifestFor(source, browser) as unknown as ManifestV3Export,
      browser,
      // One self-contained file: no loader, so nothing of the extension is web-accessible to pages.
      contentScripts: { standaloneFiles: ['src/content/index.ts'] },
    }),
  ],
  build: {
    outDir: `${process.env.LL_DIST ?? 'dist'}/${browser}`,
    emptyOutDir: true,
    target: browser === 'chrome' ? 'chrome120' : 'firefox142',
    sourcemap: false,
    // The offscreen scanning document (background/scan/offscreen.ts) exists in the Chrome build only.
    rollupOptions: { input: { welcome: 'src/welcome/index.html', compare: 'src/compare/index.html', ...(browser === 'chrome' ? { offscreen: 'src/offscreen/index.html' } : {}) } },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // A hang guard, not a speed check: the property tests run thousands of inputs and took over the 5 s default on
    // the shared 2-core machine at load average 20+ while passing alone in 1-2 s.
    testTimeout: 30_000,
  },
});
