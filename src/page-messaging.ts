/** Sending and receiving the page-message table (src/lib/page/page-messages.ts): extension -> content script. */
import browser from './browser.js';
import { isPageEnvelope, pageEnvelope, type PageMessageName, type PageRequest, type PageResponse } from './lib/page/index.js';

/** Sends to one frame of a tab (frameId) or to all its frames; undefined when no content script answered. */
export async function sendToPage<K extends PageMessageName>(
  tabId: number,
  type: K,
  payload: PageRequest<K>,
  frameId?: number,
): Promise<PageResponse<K> | undefined> {
  try {
    const opts = frameId === undefined ? undefined : { frameId };
    return (await browser.tabs.sendMessage(tabId, pageEnvelope(type, payload), opts)) as PageResponse<K> | undefined;
  } catch {
    // No content script in that tab or frame (a browser page, a page loaded before install): nothing answers.
    return undefined;
  }
}

export type PageHandlers = { [K in PageMessageName]?: (payload: PageRequest<K>) => PageResponse<K> | Promise<PageResponse<K>> };

/** Content side: answers the messages it has handlers for, leaves every other message to other listeners. */
export function onPageMessages(handlers: PageHandlers): void {
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (!isPageEnvelope(message)) return undefined;
    const handler = handlers[message.type] as ((p: unknown) => unknown) | undefined;
    if (!handler) return undefined;
    return Promise.resolve(handler(message.payload));
  });
}
