/**
 * Popup wiring: load the tab's results, render them, and keep them current while a scan is under way. Each part is
 * redrawn only when what it shows changed (the list's elements, and so keyboard focus, stay put while the counts
 * move), and the tab's frames are learnt again only when the page may have new ones (refresh-plan.ts).
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
import { type KnownFrames, partKeys, type PartKeys, partsToDraw } from './refresh-plan.js';
import { renderList, renderStatus, type RenderContext } from './render.js';

const POLL_MS = 1000;
let drawn: PartKeys | undefined;
let frames: KnownFrames | undefined;
/** Readable names of subscribed lists ("Portrait models (Lin Yue)"), so a match says which list it came from. */
let sourceNames: Record<string, string> = {};

async function loadSourceNames(): Promise<void> {
  const r = await call('lists/sources', {});
  if (!r.ok) return; // the popup still shows each list by its id
  sourceNames = namesOf(r.value, t);
}

function contextOf(tabId: number | undefined): RenderContext {
  return {
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
  };
}

function draw(data: Loaded): void {
  const keys = partKeys(data.input, data.report, data.settings?.autoScan);
  const parts = partsToDraw(drawn, keys);
  drawn = keys;
  if (parts.status) {
    renderStatus(data, document);
    mountPause(data, document, () => void refresh());
  }
  if (parts.list) renderList(data, document, contextOf(data.tabId));
}

async function refresh(): Promise<void> {
  const data = await load(frames);
  frames = data.frames;
  draw(data);
  document.body.dataset.ready = 'true';
  const state = document.getElementById('state')!.dataset.state;
  if (state === 'scanning' || data.input.loading || state === 'flagged' || state === 'none-registered') setTimeout(() => void refresh(), POLL_MS);
}

localize();
void mountAccess(document);
await loadSourceNames().catch(() => undefined);
document.getElementById('open-settings')!.addEventListener('click', () => void browser.runtime.openOptionsPage().then(() => window.close()));
void refresh();
