/**
 * Background entry (Chrome service worker, Firefox background script). Every listener is registered here,
 * synchronously, on every start: a stopped worker is woken by the event it missed only if its listener is
 * registered in the first turn. Handlers await the one startup promise in state.ts.
 */
import browser, { type Runtime } from '../browser.js';
import { dispatch, isExtensionPage } from './dispatch.js';
import { handlers } from './handlers.js';
import { ensureMenus, menusApi, onMenuClicked } from './right-click/menus.js';
import { ensureListAlarm, onListAlarm } from './lists/list-schedule.js';
import { cleanOnce, guardRedirects, withUserUrl } from './scan/fetch-rules.js';
import { guardListDownloads } from './lists/subscriptions.js';
import { guardRegistryFetches } from './registries/registry-fetch.js';
import { recovered } from './lists/list-ops.js';
import { onListPort } from './lists/list-port.js';
import { ready } from './state.js';
import { settingsReady } from './settings-ready.js';
import { forgetPresence, forgetTab, resetTab } from './tab-results/index.js';
import { captureImages, forgetCaptures } from './scan/capture.js';

const ownBase = browser.runtime.getURL('');
// No request of the extension's reaches a local address through a redirect (fetch-rules.ts); lists included.
guardListDownloads(withUserUrl);
// Registry files too: each to its exact address (a local demo registry included), no redirect to a local one.
guardRegistryFetches(withUserUrl);
void guardRedirects().catch((e: unknown) => console.error(`[License Lens] ${e instanceof Error ? e.message : String(e)}`));
void cleanOnce();
// Firefox: the page's image responses read as they pass, instead of a second download (scan/capture.ts).
captureImages();

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  dispatch(handlers, message, sender, isExtensionPage(sender, browser.runtime.id, ownBase)),
);

browser.runtime.onConnect.addListener(onListPort);

browser.runtime.onInstalled.addListener(({ reason }) => {
  void ensureMenus();
  if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('src/welcome/index.html') });
});

menusApi().onClicked.addListener((info, tab) => void onMenuClicked(info, tab));
// The same click path, callable from the extension's own contexts only (tests drive it; no page can reach a
// background global): browsers offer no way to click a context-menu item from automation.
(globalThis as { licenseLensMenuClick?: typeof onMenuClicked }).licenseLensMenuClick = onMenuClicked;
browser.alarms.onAlarm.addListener(onListAlarm);

browser.tabs.onRemoved.addListener((tabId) => {
  void forgetTab(tabId);
  void forgetPresence(tabId);
  forgetCaptures(tabId);
});

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  // A navigation (reload included) starts a new page: its results and badge start empty before any of its
  // frames' content scripts report, so a frame that is ready before its top frame is not wiped afterwards.
  if (change.status !== 'loading') return;
  void resetTab(tabId, change.url ?? tab.url ?? '');
  void browser.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
});

void ready();
// Settings still in IndexedDB (older versions) move into the settings item before any reader needs them.
void settingsReady();
// An operation the previous background was running when the browser stopped it is repaired before anything else.
void recovered();
// Menu items are (re)created on every start too: robust to a worker that was stopped or a lost registration.
void ensureMenus();
void ensureListAlarm();
