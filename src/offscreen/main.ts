/**
 * Chrome's offscreen scanning document, created on demand by background/scan/offscreen.ts: it answers the worker's
 * 'scan' and 'thumb' requests (lib/protocol/offscreen-protocol.ts) and ignores every other runtime message (content
 * scripts' and pages' messages to the background reach every extension document, this one included). The work
 * runs in a pool of dedicated workers (pool.ts), or on this thread when they are unavailable.
 */
import browser, { type Runtime } from '../browser.js';
import { fromOwnExtension, isOffscreenRequest, type OffscreenReply, type OffscreenRequest } from '../lib/protocol/index.js';
import { ScanPool } from './pool.js';
import { failure, scanUrl, thumbUrl } from './scan-image.js';

const ownBase = browser.runtime.getURL('');
const pool = new ScanPool(() => new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module', name: 'License Lens scanner' }));
let usePool = true;

/** Test builds count where each request ran and can switch the pool off, to compare both paths (offscreen e2e). */
const ran = { pool: 0, document: 0 };
if (__LL_TEST_HOOKS__) {
  (globalThis as { licenseLensPool?: unknown }).licenseLensPool = { ran, size: () => pool.size, setPool: (on: boolean) => (usePool = on) };
}

async function answer(op: OffscreenRequest['op'], url: string): Promise<OffscreenReply> {
  const there = usePool ? await pool.run(op, url) : undefined;
  if (there) {
    ran.pool++;
    return there;
  }
  ran.document++;
  return (op === 'scan' ? scanUrl(url) : thumbUrl(url)).catch(failure);
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isOffscreenRequest(message) || !fromOwnExtension(sender, browser.runtime.id, ownBase)) return undefined;
  return answer(message.op, message.url);
});
