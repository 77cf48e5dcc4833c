/**
 * TEST-ONLY protocol of src/content/test-hooks.ts, kept free of imports so Node tests can read it. A page posts
 * `{[TEST_HOOK_MARKER]: 'send', id, message}`; the hook posts back `{[TEST_HOOK_MARKER]: 'reply', id, reply}`.
 * The marker string must never appear in a production build (tests/unit/built-manifest.test.ts).
 */
export const TEST_HOOK_MARKER = 'll-test-hook';
