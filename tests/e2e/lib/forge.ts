/**
 * Sends messages to the background from a content-script context, through the relay of the test-hooks build
 * (src/content/test-hooks.ts): the page posts, the content script forwards with runtime.sendMessage unchecked.
 */
import type { Page } from 'puppeteer-core';
import { TEST_HOOK_MARKER } from '../../../src/content/test-hook-protocol.js';

export async function waitForHook(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.llTestHooks === 'ready', { timeout: 15_000 });
}

/** What the background answered (or `{thrown}` when sendMessage itself failed). */
export function forge(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate(
    (marker: string, msg: unknown) =>
      new Promise((resolve, reject) => {
        const id = Math.random();
        const timer = setTimeout(() => reject(new Error('no reply through the test hook in 10 s')), 10_000);
        window.addEventListener('message', function onReply(e: MessageEvent) {
          const d = e.data as Record<string, unknown> | undefined;
          if (d?.[marker] !== 'reply' || d.id !== id) return;
          window.removeEventListener('message', onReply);
          clearTimeout(timer);
          resolve(d.reply);
        });
        window.postMessage({ [marker]: 'send', id, message: msg }, '*');
      }),
    TEST_HOOK_MARKER,
    message,
  );
}
