import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorkerPlugin } from './src/web/offline/sw-plugin.ts';

// The web app: index.html at the repository root, built to dist/web (served by the Ponte server).
// `npm run dev:web` proxies /api (and the public site, /p/) to a server started with `npm run ponte -- serve` on port 3000.
export default defineConfig({
  // sw.js: the service worker that keeps the app shell for the field app (src/web/offline).
  plugins: [react(), serviceWorkerPlugin({ publicDir: 'public', template: 'src/web/offline/service-worker.js' })],
  publicDir: 'public',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // The strict CSP forbids inline scripts: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/p/': 'http://127.0.0.1:3000' },
  },
});
