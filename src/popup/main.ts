/**
 * Popup wiring: load the tab's results, render them, and keep them current while a scan is under way (the list
 * is only redrawn when its content changed, so keyboard focus is not lost).
 */
import browser from '../browser.js';
import { sourceNames as namesOf } from '../lib/license/index.js';
import { comparePath } from '../lib/protocol/index.js';
import { call } from '../messaging.js';
import { sendToPage } from '../page-messaging.js';
import { localize, t } from '../ui/i18n.js';
import { mountAccess } from './access.js';
import { load, type Loaded } from './load.js';
import { mountPause } from './pause.js';
import { renderPopup } from './render.js';

const POLL_MS = 1000;
let lastKey = '';
/** Readable names of subscribed lists ("Portrait models (Lin Yue)"), so a match says which list it came from. */
let sourceNames: Record<string, string> = {};

async function loadSourceNames(): Promise<void> {
  const r = await call('lists/sources', {});
  if (!r.ok) return; // the popup still shows each list by its id
  sourceNames = namesOf(r.value, t);
}

function keyOf(d: Loaded): string {
  const r = d.report;
  return JSON.stringify([d.input.error, d.input.paused, d.input.loading, d.input.pending, r?.pageUrl, r?.checked, r?.flagged.map((f) => [f.url, f.checkedAt])]);
}

async function refresh(): Promise<void> {
  const data = await load();
  const key = keyOf(data);
  if (key !== lastKey) {
    lastKey = key;
    const tabId = data.tabId;
    renderPopup(data, document, {
      sourceNames,
      async showOnPage(url) {
        if (tabId === undefined) return false;
        const r = await sendToPage(tabId, 'image/highlight', { url }, 0);
        return r?.found ?? false;
      },
      openCompare(url, workId, report) {
        if (tabId === undefined) return;
        void browser.tabs.create({ url: browser.runtime.getURL(comparePath(tabId, url, workId, report)) }).then(() => window.close());
      },
    });
    mountPause(data, document, () => void refresh());
  }
  document.body.dataset.ready = 'true';
  const state = document.getElementById('state')!.dataset.state;
  if (state === 'scanning' || data.input.loading || state === 'flagged' || state === 'none-registered') setTimeout(() => void refresh(), POLL_MS);
}

localize();
void mountAccess(document);
await loadSourceNames().catch(() => undefined);
document.getElementById('open-settings')!.addEventListener('click', () => void browser.runtime.openOptionsPage().then(() => window.close()));
void refresh();
