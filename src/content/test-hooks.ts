/**
 * TEST-ONLY: compiled in only when the build runs with LL_TEST_HOOKS=1 (output to its own LL_DIST); the production
 * build defines __LL_TEST_HOOKS__ as false, so this module is dropped, and tests/unit/built-manifest.test.ts checks
 * that no trace of it ships. It relays messages a page posts to runtime.sendMessage unchecked and posts the reply
 * back: it plays a content script taken over by a hostile page, so the e2e tests can prove the background refuses
 * everything a content script may not send. (Puppeteer cannot evaluate in a content script's isolated world in
 * Firefox, so the tests need this door.)
 */
import browser from '../browser.js';
import { TEST_HOOK_MARKER } from './test-hook-protocol.js';

interface HookRequest {
  [TEST_HOOK_MARKER]: 'send';
  id: number;
  message: unknown;
}

export function installTestHooks(): void {
  window.addEventListener('message', (e: MessageEvent) => {
    const data = e.data as HookRequest | undefined;
    if (e.source !== window || data?.[TEST_HOOK_MARKER] !== 'send') return;
    const reply = (value: unknown) => window.postMessage({ [TEST_HOOK_MARKER]: 'reply', id: data.id, reply: value }, '*');
    browser.runtime.sendMessage(data.message).then(
      (r: unknown) => reply(r),
      (err: unknown) => reply({ thrown: err instanceof Error ? err.message : String(err) }),
    );
  });
  document.documentElement.dataset.llTestHooks = 'ready';
}
