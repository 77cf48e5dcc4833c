/**
 * Content script (every frame, about:blank ones included): finds the images a person sees on the page, sends
 * them to the background to be fingerprinted, and marks flagged ones. Wiring only: discovery is in discover.ts,
 * the scan loop in scanner.ts, marks in marks.ts, page-side reading of blob:/data: images in inline.ts.
 * Other features add their own module and one line here.
 */
import { installPageSide } from './page-side.js';
import { startScan } from './scanner.js';
import { installTestHooks } from './test-hooks.js';

startScan();
installPageSide();

// Test build only (LL_TEST_HOOKS=1); `false` in production, where the bundler drops the call and the module.
if (__LL_TEST_HOOKS__) installTestHooks();
