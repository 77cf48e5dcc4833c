/**
 * The machine's own floor beside bench:list-load's figures, in the same seconds: a 10 ms timer in a dedicated worker
 * of an ordinary web page (another process than the extension's; a worker, since a background tab's own timers are
 * throttled) records its largest gap. No extension code runs there, so its gaps are the scheduling delay the
 * shared machine imposes on any thread at that moment; the idle figures taken before an operation miss load that
 * arrives during it.
 */
import type { Page } from 'puppeteer-core';
import type { Session } from '../../scripts/lib/launch.js';
import { waitForPage } from '../../scripts/lib/pages.js';

export const CONTROL_PATH = '/control.html';
export const CONTROL_HTML = `<!doctype html><meta charset="utf-8"><title>control</title><script>
const src = 'let last = performance.now(), max = 0;' +
  'setInterval(() => { const now = performance.now(); max = Math.max(max, now - last - 10); last = now; }, 10);' +
  'onmessage = () => { postMessage(Math.round(max)); max = 0; };';
const worker = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
window.takeGap = () => new Promise((r) => { worker.onmessage = (e) => r(e.data); worker.postMessage(0); });
</script>`;

/** Opens the control page in a background tab (the options page stays the visible one). */
export async function openControl(s: Session, origin: string): Promise<Page> {
  const url = `${origin}${CONTROL_PATH}`;
  await s.ext.evaluate((u: string) => chrome.tabs.create({ url: u, active: false }), url);
  const page = await waitForPage(s.browser, (u) => u === url, 30_000);
  await page.waitForFunction(() => typeof (window as unknown as { takeGap?: unknown }).takeGap === 'function', { timeout: 15_000, polling: 200 });
  return page;
}

/** The control thread's largest gap since the last call. */
export function takeControlGap(control: Page): Promise<number> {
  return control.evaluate(() => (window as unknown as { takeGap(): Promise<number> }).takeGap());
}
