/**
 * The two context-menu items: "Check this image" (the right-click check) and "Register this image as my work".
 * They are offered on images and on every other page context, because a CSS background image is a "page" (or
 * "link", "frame") context to the browser; the content script tells which image was under the pointer.
 * Chrome keeps menu items across service-worker restarts but not always across updates, and Firefox rebuilds
 * them with its event page: creation runs on install and on every start (removeAll first, so never twice).
 */
import browser, { type Menus, type Tabs } from '../../browser.js';
import { checkInPage } from './context-check.js';

import { MENU_CHECK, MENU_REGISTER } from '../../lib/protocol/index.js';

export { MENU_CHECK, MENU_REGISTER };

const CONTEXTS: Menus.ContextType[] = ['image', 'page', 'link', 'frame', 'video'];
const PAGES = ['http://*/*', 'https://*/*'];

/** Firefox names the API `menus` (with `contextMenus` as an alias); Chrome only has `contextMenus`. */
export function menusApi(): Menus.Static {
  const b = browser as unknown as { menus?: Menus.Static; contextMenus?: Menus.Static };
  const api = b.menus ?? b.contextMenus;
  if (!api) throw new Error('no context-menu API (permission "contextMenus"/"menus" missing)');
  return api;
}

let creating: Promise<void> | undefined;

/** Creates both items once per background start (install, browser start, worker restart). */
export function ensureMenus(): Promise<void> {
  creating ??= createMenus().catch((e: unknown) => {
    creating = undefined;
    console.warn('[License Lens] could not create the context menu:', e);
  });
  return creating;
}

async function createMenus(): Promise<void> {
  const api = menusApi();
  await api.removeAll();
  for (const [id, key] of [
    [MENU_CHECK, 'menuCheckImage'],
    [MENU_REGISTER, 'menuRegisterImage'],
  ] as const) {
    await new Promise<void>((resolve, reject) => {
      api.create({ id, title: browser.i18n.getMessage(key) || key, contexts: CONTEXTS, documentUrlPatterns: PAGES }, () => {
        const err = browser.runtime.lastError;
        if (err) reject(new Error(err.message));
        else resolve();
      });
    });
  }
}

/** The registered click listener (index.ts adds it synchronously). */
export async function onMenuClicked(info: Menus.OnClickData, tab: Tabs.Tab | undefined): Promise<void> {
  if (info.menuItemId !== MENU_CHECK && info.menuItemId !== MENU_REGISTER) return;
  const tabId = tab?.id;
  if (tabId === undefined || tabId < 0) return;
  await checkInPage({
    tabId,
    frameId: info.frameId ?? 0,
    pageUrl: tab?.url || info.pageUrl || '',
    srcUrl: info.mediaType === 'image' ? info.srcUrl : undefined,
    register: info.menuItemId === MENU_REGISTER,
  });
}
