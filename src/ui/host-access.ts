/** `hostAccess()` for extension pages (popup, welcome page): the pure logic in lib/page/host-access.ts on the real API. */
import browser from '../browser.js';
import { hostAccessWith, requestHostAccessWith, type AccessState } from '../lib/page/index.js';

export function hostAccess(): Promise<AccessState> {
  return hostAccessWith(browser.permissions);
}

/** Call straight from a click handler (user gesture). */
export function requestHostAccess(): Promise<{ state: AccessState; error?: string }> {
  return requestHostAccessWith(browser.permissions);
}

/** Runs `changed` whenever the user grants or removes a permission (browser UI, about:addons, another page). */
export function onAccessChange(changed: () => void): void {
  browser.permissions.onAdded.addListener(changed);
  browser.permissions.onRemoved.addListener(changed);
}
