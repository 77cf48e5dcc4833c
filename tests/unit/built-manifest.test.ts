/**
 * The manifests and content scripts that actually ship (dist/chrome, dist/firefox, made by `npm run build`, which
 * `npm test` runs first): strict CSP for extension pages, nothing a page can reach, and no test hook.
 * Without a build this skips with a message locally and fails in CI.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir } from '../../scripts/lib/launch.js';
import { TEST_HOOK_MARKER } from '../../src/content/test-hook-protocol.js';

const CI = process.env.CI === 'true';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

for (const kind of ['chrome', 'firefox'] as const) {
  const dir = distDir(kind);
  const built = existsSync(join(dir, 'manifest.json'));
  if (!built && !CI) console.warn(`[unit] no build in ${dir}: skipping the built-manifest checks (npm run build; in CI this fails)`);
  describe.skipIf(!built && !CI)(`built extension [${kind}]`, () => {
    const manifest = () => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

    it('keeps extension pages under a strict CSP: scripts from the extension only, no eval, no plugins', () => {
      const csp = (manifest().content_security_policy as { extension_pages?: string } | undefined)?.extension_pages ?? '';
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['base-uri']).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|https?:|\*/);
      expect(manifest()).not.toHaveProperty('sandbox');
    });

    it('lets no page or other extension reach it', () => {
      const m = manifest();
      expect(m).not.toHaveProperty('externally_connectable');
      const war = (m.web_accessible_resources as unknown[] | undefined) ?? [];
      expect(war).toEqual([]);
    });

    it('ships no test hook and no eval in any script', () => {
      const scripts = files(dir).filter((f) => f.endsWith('.js'));
      expect(scripts.length).toBeGreaterThan(2);
      for (const f of scripts) {
        const text = readFileSync(f, 'utf8');
        expect(text, f).not.toContain(TEST_HOOK_MARKER);
        expect(text, f).not.toMatch(/\beval\(|new Function\(/);
      }
    });

    it('keeps the content script light: no schema library, under 45 KB', () => {
      // It is evaluated in every frame of every page: 47 KB with valibot and the message table's schemas cost
      // 13-15 ms of CPU per frame in Chromium 156, 38 KB without them 10-11.5 ms (docs/benchmarks.md).
      const content = readFileSync(join(dir, 'src/content/index.js'), 'utf8');
      expect(content).not.toContain('vendor:`valibot`');
      expect(content.length).toBeLessThan(45_000);
    });

    it('ships no test material (the hostile demo list is in the test-hooks build only)', () => {
      expect(files(dir).filter((f) => f.includes('hostile'))).toEqual([]);
    });
  });

  // The test-hooks build must really carry the hook, or the forged-message e2e test would prove nothing.
  const hooksDir = distDir(kind, 'test-hooks');
  describe.skipIf(!existsSync(join(hooksDir, 'manifest.json')) && !CI)(`test-hooks build [${kind}]`, () => {
    it('carries the relay in its content script', () => {
      const content = files(hooksDir).filter((f) => f.includes('content') && f.endsWith('.js'));
      expect(content.some((f) => readFileSync(f, 'utf8').includes(TEST_HOOK_MARKER))).toBe(true);
    });

    it('carries the hostile demo list the popup tests install', () => {
      expect(existsSync(join(hooksDir, 'demo-list-hostile.json'))).toBe(true);
    });
  });
}
