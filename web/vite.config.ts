import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** API requests go to the server of `pnpm start` during `vite dev`. */
export default defineConfig({
  plugins: [svelte()],
  server: { proxy: { '/api': process.env.NIANBAO_API ?? 'http://127.0.0.1:8740' } },
  build: { target: 'es2022', chunkSizeWarningLimit: 800 },
});
