import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end tests run the built CLI; `npm install` builds it (prepare), and
    // test/global-setup.ts rebuilds it so a test never runs stale code.
    globalSetup: ['test/global-setup.ts'],
  },
});
