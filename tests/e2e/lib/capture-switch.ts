/**
 * Firefox reads the page's own image responses (src/background/scan/capture.ts), so the extension downloads
 * nothing for a page image. Tests of the fetch path itself (the order of its fetches, a stop with a fetch in
 * flight) switch those copies off in the test-hooks build, as happens for an image served from the memory cache;
 * tests/e2e/page-response.e2e.test.ts and downloads.e2e.test.ts test the copies themselves.
 */
import type { BrowserKind, Session } from '../../../scripts/lib/launch.js';

export async function fetchPathOnly(kind: BrowserKind, session: Session): Promise<void> {
  if (kind !== 'firefox') return;
  const off = await session.ext.evaluate(async () => {
    const bg = (await browser.runtime.getBackgroundPage()) as unknown as { licenseLensCapture?: { switch: { off: boolean } } };
    if (!bg.licenseLensCapture) return false;
    bg.licenseLensCapture.switch.off = true;
    return true;
  });
  if (!off) throw new Error('the capture switch needs the test-hooks build (npm run build:test-hooks)');
}
