/** The bundled demo list: off until the user (or the demo launcher) turns it on from the welcome page. */
import browser from '../browser.js';
import type { RegistrySummary } from '../lib/protocol/index.js';
import { listToRegistry, verifyList } from '../lib/list/index.js';
import type { SourceId } from '../lib/types.js';
import type { RegistryDB } from '../storage/db.js';
import { countBySource, removeSource, replaceSource } from '../storage/registry.js';
import { settingsReady } from './settings-ready.js';

export const DEMO_LIST_PATH = 'demo-list.json';
export const DEMO_LISTS = { standard: DEMO_LIST_PATH, hostile: 'demo-list-hostile.json' } as const;

export async function setDemo(db: RegistryDB, enabled: boolean, variant: keyof typeof DEMO_LISTS = 'standard'): Promise<void> {
  // The hostile list is test material: only the test-hooks build carries it (vite.config.ts).
  if (variant === 'hostile' && !__LL_TEST_HOOKS__) throw new Error('the hostile demo list exists in the test build only');
  if (enabled) {
    const res = await fetch(browser.runtime.getURL(DEMO_LISTS[variant]));
    const parsed = await verifyList(await res.text());
    if (!parsed.ok) throw new Error(`bundled demo list: ${parsed.error}`);
    await replaceSource(db, 'demo', listToRegistry(parsed.list, 'demo'));
  } else {
    await removeSource(db, 'demo');
  }
  await (await settingsReady()).write({ demoEnabled: enabled });
}

export async function summary(db: RegistryDB): Promise<RegistrySummary> {
  const sources = new Set<SourceId>(['own', 'demo']);
  for (const m of await db.getAll('models')) sources.add(m.source);
  return {
    demoEnabled: (await (await settingsReady()).read()).demoEnabled,
    sources: await Promise.all(
      [...sources].map(async (source) => ({ source, ...(await countBySource(db, source)) })),
    ),
  };
}
