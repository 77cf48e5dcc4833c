/**
 * Per-tab scan results in storage.session: they survive the service worker being stopped, and vanish with the
 * browser session, as tabs do. Stored incrementally, one key per batch (src/background/tab-results/tab-store.ts); writes for one tab
 * are serialised so two batches never overwrite each other.
 */
import browser from '../../browser.js';
import { TabStore } from './tab-store.js';

const store = new TabStore(browser.storage.session);

export const resetTab = store.resetTab.bind(store);
export const forgetTab = store.forgetTab.bind(store);
export const addResults = store.addResults.bind(store);
export const addChecked = store.addChecked.bind(store);
export const knownResults = store.knownResults.bind(store);
export const storedPageUrl = store.pageUrl.bind(store);
export const wantsThumbs = store.wantsThumbs.bind(store);
/** A tab's flagged results recomputed from its stored results, before presence.ts drops those the page no longer shows. */
export const flaggedResults = store.flagged.bind(store);
export const report = store.report.bind(store);
