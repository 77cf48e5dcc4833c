/** The background's handler for every message in the table (a missing one fails to compile). */
import type { Handlers } from './dispatch.js';
import { backupHandlers } from './backup-handlers.js';
import { setDemo, summary } from './demo.js';
import { listHandlers } from './lists/list-handlers.js';
import { registryHandlers } from './registries/registry-handlers.js';
import { ownHandlers } from './own-registry.js';
import { evidenceHandlers } from './evidence.js';
import { presenceHandlers, progressHandlers } from './tab-results/index.js';
import { scanBatch } from './scan/scan.js';
import { matcher, ready } from './state.js';
import { scanPausedFor } from '../storage/settings.js';
import { settingsReady } from './settings-ready.js';

export const handlers: Handlers = {
  ...listHandlers,
  ...registryHandlers,
  ...backupHandlers,
  ...ownHandlers,
  ...presenceHandlers,
  ...progressHandlers,
  ...evidenceHandlers,
  async 'scan/images'(req, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('scan/images must come from a tab');
    const settings = await (await settingsReady()).read();
    if (scanPausedFor(settings, req.pageUrl)) return { results: [], paused: true, marks: settings.marksEnabled };
    const results = await scanBatch(tabId, sender.frameId ?? 0, req.pageUrl, req.fresh, req.images);
    return { results, paused: false, marks: settings.marksEnabled };
  },
  async 'demo/set'(req) {
    const db = await ready();
    await setDemo(db, req.enabled, req.variant);
    return summary(db);
  },
  async 'registry/summary'() {
    const unusableWorks = await matcher().then((m) => m.skippedWorks, () => undefined);
    return { ...(await summary(await ready())), unusableWorks };
  },
  async 'settings/get'() {
    return (await settingsReady()).read();
  },
  async 'settings/set'(req) {
    return (await settingsReady()).write(req);
  },
};
