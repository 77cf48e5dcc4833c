import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension (dist/) in real browsers, one file at a time: two cores here.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
