import { defineProject } from 'vitest/config';

/** The dashboard end to end: vite build, the real server on a temp database, headless Chromium. */
export default defineProject({
  test: {
    name: 'web-e2e',
    include: ['e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
