/**
 * Content script: reports the page's images to the background and re-reports when new ones load or appear.
 * It reads URLs and sizes only; fetching and fingerprinting happen in the background. Full discovery (CSS
 * backgrounds, shadow roots, frames, lazy loaders) and marks on the page come with the page-scan issue.
 */
import { call } from '../messaging.js';
import { collectImageUrls } from './collect.js';
import { installTestHooks } from './test-hooks.js';

const BATCH = 100;
const DEBOUNCE_MS = 250;
/** A batch whose message failed (the worker was stopped mid-scan, the extension was updated) is sent again. */
const RETRY_MS = [500, 1000, 2000, 4000, 8000];
const reported = new Set<string>();
let fresh = true;
let failures = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

async function flush(): Promise<void> {
  timer = undefined;
  const urls = collectImageUrls(document).filter((u) => !reported.has(u));
  for (const u of urls) reported.add(u);
  if (!urls.length && !fresh) return;
  for (let i = 0; i < Math.max(urls.length, 1); i += BATCH) {
    const batch = urls.slice(i, i + BATCH);
    const first = fresh;
    fresh = false;
    const r = await call('scan/images', { pageUrl: location.href, fresh: first, images: batch.map((url) => ({ url })) });
    if (r.ok) {
      failures = 0;
      continue;
    }
    console.info('[License Lens] scan request failed:', r.error);
    // Nothing of a failed batch was stored (the background stores a batch whole), so forget it was reported and
    // send it again; the background skips whatever it did store, so a retry never duplicates results.
    if (failures >= RETRY_MS.length) return;
    for (const u of urls.slice(i)) reported.delete(u);
    if (first) fresh = true;
    timer ??= setTimeout(() => void flush(), RETRY_MS[failures++]);
    return;
  }
}

function schedule(): void {
  timer ??= setTimeout(() => void flush(), DEBOUNCE_MS);
}

// Image load events do not bubble, but they do reach a capturing listener on the document.
document.addEventListener('load', (e) => e.target instanceof HTMLImageElement && schedule(), true);
new MutationObserver(schedule).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['src', 'srcset'],
});
schedule();

// Test build only (LL_TEST_HOOKS=1); `false` in production, where the bundler drops the call and the module.
if (__LL_TEST_HOOKS__) installTestHooks();
