/** The background's handler for every message in the table (a missing one fails to compile). */
import type { Handlers } from './dispatch.js';
import { setDemo, summary } from './demo.js';
import { scanBatch } from './scan.js';
import { invalidateMatcher, ready } from './state.js';
import { report } from './tab-results.js';

export const handlers: Handlers = {
  async 'scan/images'(req, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new Error('scan/images must come from a tab');
    await ready();
    const results = await scanBatch(tabId, sender.frameId ?? 0, req.pageUrl, req.fresh, req.images.map((i) => i.url));
    return { results };
  },
  async 'tab/report'(req) {
    return report(req.tabId);
  },
  async 'demo/set'(req) {
    const db = await ready();
    await setDemo(db, req.enabled);
    invalidateMatcher();
    return summary(db);
  },
  async 'registry/summary'() {
    return summary(await ready());
  },
};
