/**
 * The right-click check in a frame that has no content script: a page loaded while the extension had no host
 * access there (Firefox before the user grants it, Chrome with site access "On click"). The menu click grants
 * `activeTab` for that tab, which lets `scripting` inject the same content script on demand, so the card is
 * drawn next to the image and the page can read a same-origin or CORS-clean image the background may not fetch.
 * Injected on demand, the script does not start the page scan (ON_DEMAND_FLAG): the user asked about one image.
 */
import browser from '../../browser.js';
import { ON_DEMAND_FLAG } from '../../lib/page/index.js';
import { sendToPage } from '../../page-messaging.js';

/** How long the injected script (a loader that imports its module) may take to start answering. */
const READY_MS = 3_000;

interface ScriptingApi {
  executeScript(details: { target: { tabId: number; frameIds?: number[] }; files?: string[]; func?: (flag: string) => void; args?: unknown[] }): Promise<unknown>;
}

function scriptingApi(): ScriptingApi | undefined {
  return (browser as unknown as { scripting?: ScriptingApi }).scripting;
}

/** The content script files the manifest declares (the build names them; the manifest is the one source). */
export function contentScriptFiles(manifest: { content_scripts?: Array<{ js?: string[] }> }): string[] {
  return manifest.content_scripts?.flatMap((c) => c.js ?? []) ?? [];
}

async function answers(tabId: number, frameId: number): Promise<boolean> {
  return (await sendToPage(tabId, 'card/state', {}, frameId)) !== undefined;
}

/**
 * True when the frame has a content script answering, injecting one if it had none and the browser allows it
 * (activeTab after the menu click, or host access). False when nothing can run there (a browser page, a store
 * page, no grant): the caller still checks the image and keeps the result for the popup.
 */
export async function ensurePageSide(tabId: number, frameId: number): Promise<boolean> {
  if (await answers(tabId, frameId)) return true;
  const scripting = scriptingApi();
  const files = contentScriptFiles(browser.runtime.getManifest() as { content_scripts?: Array<{ js?: string[] }> });
  if (!scripting || files.length === 0) return false;
  const target = { tabId, frameIds: [frameId] };
  try {
    await scripting.executeScript({
      target,
      func: (flag: string) => {
        (globalThis as Record<string, unknown>)[flag] = true;
      },
      args: [ON_DEMAND_FLAG],
    });
    await scripting.executeScript({ target, files });
  } catch (e) {
    console.info('[License Lens] cannot run in this frame:', e instanceof Error ? e.message : e);
    return false;
  }
  const end = Date.now() + READY_MS;
  while (Date.now() < end) {
    if (await answers(tabId, frameId)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
