/**
 * Content script (every frame, about:blank ones included): finds the images a person sees on the page, sends
 * them to the background to be fingerprinted, and marks flagged ones. Wiring only: discovery is in discover.ts,
 * the scan loop in scanner.ts, marks in marks.ts, page-side reading of blob:/data: images in inline.ts.
 * Other features add their own module and one line here.
 */
import { ON_DEMAND_FLAG } from '../lib/page/index.js';
import { installPageSide } from './page-side.js';
import { startScan } from './scan/scanner.js';
import { installTestHooks } from './test-hooks.js';

const world = globalThis as Record<string, unknown>;
const LOADED = '__licenseLensLoaded';

// The background may inject this script on demand (background/right-click/inject.ts) into a frame that loaded without host
// access; if the declared one is there after all, the second copy must not install a second set of listeners.
if (!world[LOADED]) {
  world[LOADED] = true;
  installPageSide();
  // Injected for one right-click check: answer it, but do not scan a page the user has not given access to.
  if (!world[ON_DEMAND_FLAG]) startScan();
  // Test build only (LL_TEST_HOOKS=1); `false` in production, where the bundler drops the call and the module.
  if (__LL_TEST_HOOKS__) installTestHooks();
}
