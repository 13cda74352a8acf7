// Vite config for the web app (web/). `npm run build` writes web/dist, which the Express server serves;
// `npm run dev` serves the app with a proxy to the API on port 3000 (override with API_URL).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1200, // maplibre-gl is ~1 MB minified, by itself in its own lazily loaded chunk
    rolldownOptions: {
      output: {
        // maplibre-gl is imported dynamically (map/maplibre.ts): its own chunk, loaded while the app shell renders.
        // Everything the first view imports statically goes in one chunk beside the entry (rather than a
        // dozen small shared chunks, each a request of its own); the panels and dialogs loaded on first
        // use (import() in shell/WorkspaceSidebar.svelte and App.svelte) keep chunks of their own.
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /[\\/]node_modules[\\/]maplibre-gl[\\/]/, priority: 2 },
            { name: 'app', tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api },
      '/tiles': { target: api },
      '/basemap': { target: api },
    },
  },
});
