/** Build-time constants (vite `define`). */

/** True only in the test build (LL_TEST_HOOKS=1): compiles in src/content/test-hooks.ts. */
declare const __LL_TEST_HOOKS__: boolean;
