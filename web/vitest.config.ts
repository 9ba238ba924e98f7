import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineProject } from 'vitest/config';

/** Unit tests of option builders and URL state, component tests: Svelte for the browser in happy-dom. */
export default defineProject({
  plugins: [svelte()],
  resolve: { conditions: ['browser'] },
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['@testing-library/svelte/vitest'],
  },
});
