import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The engine serves the build from dist/console at /console/; `nest build` empties dist/, so this
// build runs after it (see the "build" script).
export default defineConfig({
  root: here('.'),
  base: '/console/',
  publicDir: false,
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    // Served from the engine, never from a CDN: everything the page needs is in the build.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  // `npx vite --config console/vite.config.mts` serves the page with hot reload and passes API and
  // stream requests to a local engine (CONSOLE_ENGINE_URL, default the engine's own port).
  server: {
    host: '127.0.0.1',
    strictPort: true,
    proxy: { '/v3': { target: process.env.CONSOLE_ENGINE_URL ?? 'http://127.0.0.1:8776', changeOrigin: true } },
  },
});
