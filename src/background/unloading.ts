/**
 * Whether the background is being unloaded. Firefox (153) unloading the event page (idle, reload, update) aborts
 * its fetches and still runs the code that sees them fail ("NetworkError"): such failures say nothing about the
 * image or list fetched, so callers treat them as "the background stopped" (a service worker is stopped with its
 * code, so never sees this). `beforeunload` as well as `pagehide`: a reload stops the page's network loads when
 * the navigation starts, before `pagehide` fires, so the aborted fetches' failures can arrive first (Firefox 153,
 * a reload with a fetch in flight, tests/e2e/worker-stop.e2e.test.ts).
 */
let unloading = false;
for (const type of ['beforeunload', 'pagehide']) globalThis.addEventListener?.(type, () => (unloading = true));

export function isUnloading(): boolean {
  return unloading;
}
