/**
 * Background entry (Chrome service worker, Firefox background script). Every listener is registered here,
 * synchronously, on every start: a stopped worker is woken by the event it missed only if its listener is
 * registered in the first turn. Handlers await the one startup promise in state.ts.
 */
import browser, { type Runtime } from '../browser.js';
import { dispatch, isExtensionPage } from './dispatch.js';
import { handlers } from './handlers.js';
import { ensureListAlarm, onListAlarm } from './list-schedule.js';
import { ready } from './state.js';
import { forgetTab } from './tab-results.js';

const ownBase = browser.runtime.getURL('');

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  dispatch(handlers, message, sender, isExtensionPage(sender, browser.runtime.id, ownBase)),
);

browser.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('src/welcome/index.html') });
});

browser.alarms.onAlarm.addListener(onListAlarm);

browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

browser.tabs.onUpdated.addListener((tabId, change) => {
  // A navigation clears the badge at once; the new page's content script reports its own images.
  if (change.status === 'loading' && change.url) void browser.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
});

void ready();
void ensureListAlarm();
