import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFor, type ManifestSource } from '../../scripts/manifest.js';

const source = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as ManifestSource;

describe('manifest per browser', () => {
  it('gives Chrome a service worker and no gecko settings', () => {
    const m = manifestFor(source, 'chrome');
    expect(m.background).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
    expect(m).not.toHaveProperty('browser_specific_settings');
  });

  it('gives Firefox background scripts and its gecko id', () => {
    const m = manifestFor(source, 'firefox') as { background: unknown; browser_specific_settings: { gecko: { id: string } } };
    expect(m.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    expect(m.browser_specific_settings.gecko.id).toBe('license-lens@license-lens.dev');
  });

  it('asks for "offscreen" (the scanning document) in Chrome only', () => {
    expect(manifestFor(source, 'chrome').permissions).toContain('offscreen');
    expect(manifestFor(source, 'firefox').permissions).not.toContain('offscreen');
  });

  it('asks for webRequest with blocking and response filtering in Firefox only (reading the page\'s own image responses)', () => {
    const firefox = ['webRequest', 'webRequestBlocking', 'webRequestFilterResponse'];
    expect(manifestFor(source, 'firefox').permissions).toEqual(expect.arrayContaining(firefox));
    for (const p of firefox) expect(manifestFor(source, 'chrome').permissions).not.toContain(p);
  });

  it('asks for no permission that reaches pages from outside (no externally_connectable)', () => {
    for (const b of ['chrome', 'firefox'] as const) expect(manifestFor(source, b)).not.toHaveProperty('externally_connectable');
  });

  it('runs the content script in every frame, about:blank ones included, and may set the Referer of its own image requests', () => {
    for (const b of ['chrome', 'firefox'] as const) {
      const m = manifestFor(source, b) as { content_scripts: Array<{ all_frames?: boolean; match_about_blank?: boolean }>; permissions: string[] };
      expect(m.content_scripts[0]).toMatchObject({ all_frames: true, match_about_blank: true });
      expect(m.permissions).toContain('declarativeNetRequestWithHostAccess');
    }
  });
});

describe('context-menu permission per browser', () => {
  it('asks Chrome for "contextMenus" and Firefox for "menus"', () => {
    expect(manifestFor(source, 'chrome').permissions).toContain('contextMenus');
    const ff = manifestFor(source, 'firefox').permissions as string[];
    expect(ff).toContain('menus');
    expect(ff).not.toContain('contextMenus');
  });
});
