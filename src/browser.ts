/**
 * The one place that names webextension-polyfill. Firefox has a native promise-based `browser`; Chrome's native
 * `browser` (since Chrome 131 in part) still lacks some promise APIs, so the polyfill stays for now. Dropping it
 * means changing this file only.
 */
import browser from 'webextension-polyfill';

export type { Runtime, Tabs, Menus } from 'webextension-polyfill';
export default browser;
