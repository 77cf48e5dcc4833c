/**
 * One manifest source (manifest.json), built per browser. Chrome gets `background.service_worker` and no gecko
 * block; Firefox gets `background.scripts` (its MV3 background is an event page) and `browser_specific_settings`.
 * Permissions are written with Chrome's names; Firefox gets its own where it has one (`contextMenus` -> `menus`,
 * which also gives Firefox-only menu features). Chrome alone gets "offscreen"; Firefox alone gets what reading the
 * page's own image responses needs (src/background/scan/capture.ts): "webRequest", "webRequestBlocking" and
 * "webRequestFilterResponse" (MV3 asks for the last one besides the first two).
 */
export type Browser = 'chrome' | 'firefox';

export interface ManifestSource {
  background: { service_worker: string; type?: 'module' };
  browser_specific_settings?: unknown;
  permissions?: string[];
  [key: string]: unknown;
}

const FIREFOX_PERMISSION_NAMES: Record<string, string> = { contextMenus: 'menus' };
const FIREFOX_ONLY_PERMISSIONS = ['webRequest', 'webRequestBlocking', 'webRequestFilterResponse'];

export function manifestFor(source: ManifestSource, browser: Browser): Record<string, unknown> {
  const { background, browser_specific_settings, ...rest } = structuredClone(source);
  if (browser === 'chrome') {
    // "offscreen": the scanning document (src/background/scan/offscreen.ts). Chrome only: Firefox's background is an
    // event page with a DOM already, and has no chrome.offscreen.
    const permissions = [...(rest.permissions ?? []), 'offscreen'];
    return { ...rest, permissions, background: { service_worker: background.service_worker, type: 'module' } };
  }
  return {
    ...rest,
    permissions: [...(rest.permissions ?? []).map((p) => FIREFOX_PERMISSION_NAMES[p] ?? p), ...FIREFOX_ONLY_PERMISSIONS],
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings,
  };
}
