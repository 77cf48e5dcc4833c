/**
 * One manifest source (manifest.json), built per browser. Chrome gets `background.service_worker` and no gecko
 * block; Firefox gets `background.scripts` (its MV3 background is an event page) and `browser_specific_settings`.
 */
export type Browser = 'chrome' | 'firefox';

export interface ManifestSource {
  background: { service_worker: string; type?: 'module' };
  browser_specific_settings?: unknown;
  [key: string]: unknown;
}

export function manifestFor(source: ManifestSource, browser: Browser): Record<string, unknown> {
  const { background, browser_specific_settings, ...rest } = structuredClone(source);
  if (browser === 'chrome') return { ...rest, background: { service_worker: background.service_worker, type: 'module' } };
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings,
  };
}
