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

/** How long learning a tab's frames may take before the top frame alone is asked. */
const FRAMES_MS = 1_000;

interface FrameLister {
  executeScript(details: { target: { tabId: number; allFrames: true }; func: () => number }): Promise<Array<{ frameId: number }>>;
}

/**
 * The ids of a tab's frames the extension may run in. Learnt through `scripting` (a no-op run in every frame) rather
 * than `webNavigation.getAllFrames`, which would need one more permission; [0] when that fails (no host access).
 */
export async function frameIdsOf(tabId: number): Promise<number[]> {
  const scripting = (browser as unknown as { scripting?: FrameLister }).scripting;
  try {
    // Bounded: Chromium 156 did not settle this call in a tab whose host access was removed (tests/e2e/access.e2e.test.ts).
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), FRAMES_MS));
    const runs = (await Promise.race([scripting?.executeScript({ target: { tabId, allFrames: true }, func: () => 0 }), timeout])) ?? [];
    const ids = [...new Set(runs.map((r) => r.frameId))];
    return ids.length ? ids : [0];
  } catch {
    return [0];
  }
}

/**
 * Sends to every frame of a tab (or to `frames`, its ids learnt before), one by one (a single broadcast returns only
 * the first frame's answer).
 */
export async function sendToEveryFrame<K extends PageMessageName>(tabId: number, type: K, payload: PageRequest<K>, frames?: readonly number[]): Promise<Array<Awaited<PageResponse<K>>>> {
  const answers = await Promise.all((frames ?? (await frameIdsOf(tabId))).map((f) => sendToPage(tabId, type, payload, f)));
  return answers.filter((a): a is Awaited<PageResponse<K>> => a !== undefined);
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
