/** Popup wiring: find the tab, ask the background for its report, render it. */
import browser from '../browser.js';
import { send } from '../messaging.js';
import { localize, t } from '../ui/i18n.js';
import { renderReport } from './render.js';

async function targetTabId(): Promise<number | undefined> {
  // ?tab=N lets the popup be opened in a tab for a given page (tests, "open in tab"); otherwise the active tab.
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function main(): Promise<void> {
  localize();
  const counts = document.getElementById('counts')!;
  const tabId = await targetTabId();
  if (tabId === undefined) {
    counts.textContent = t('popupNoTab');
    return;
  }
  try {
    renderReport(await send('tab/report', { tabId }), document);
  } catch (e) {
    counts.textContent = t('popupError', e instanceof Error ? e.message : String(e));
  }
  document.body.dataset.ready = 'true';
}

void main();
