// Vite config for the web app (web/). `npm run build` writes web/dist, which the Express server serves;
// `npm run dev` serves the app with a proxy to the API on port 3000 (override with API_URL).
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes each script, style sheet and SVG of the build a second and third time, compressed with
 * brotli (.br) and gzip (.gz), beside the file. The server sends those as they are
 * (express-static-gzip in server/src/app.ts) instead of compressing 2 MB of JavaScript again for
 * every first visit.
 */
function precompress(): Plugin {
  let assets = '';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) { assets = path.join(path.resolve(config.root, config.build.outDir), 'assets'); },
    async writeBundle() {
      const files = fs.readdirSync(assets).filter((f) => /\.(m?js|css|svg)$/.test(f));
      await Promise.all(files.map(async (f) => {
        const raw = fs.readFileSync(path.join(assets, f));
        if (raw.length < 1024) return;
        const [br, gz] = await Promise.all([
          brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
          gzip(raw, { level: 9 }),
        ]);
        fs.writeFileSync(path.join(assets, `${f}.br`), br);
        fs.writeFileSync(path.join(assets, `${f}.gz`), gz);
      }));
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [svelte(), precompress()],
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
