import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'server/e2e/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      // The dashboard: unit and component tests (happy-dom), and end to end in headless Chromium.
      'web/vitest.config.ts',
      'web/vitest.e2e.config.ts',
    ],
  },
});
