/*
 * Ponte's service worker: keeps the app shell (index.html, the built scripts and styles, fonts,
 * icon, manifest) in a cache named after the build, so the field screens open with no network.
 * It never touches the API (/api/…) nor the public site (/p/…): personal data is not cached here,
 * it lives only in the field app's encrypted store. The build (sw-plugin.ts) puts PRECACHE and
 * VERSION before this text.
 */
/* global self, caches, fetch, URL, Request, PRECACHE, VERSION */

const CACHE = `ponte-shell-${VERSION}`;
const SHELL = '/index.html';
const precached = new Set(PRECACHE);

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // cache: 'reload' skips the HTTP cache, so the shell is the one of this build.
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('ponte-shell-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function fromCache(request, key) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  return hit ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname.startsWith('/p/')) return;
  if (request.mode === 'navigate') {
    // Every page of the app is the same index.html; the router draws the page.
    event.respondWith(fromCache(request, SHELL));
    return;
  }
  if (precached.has(url.pathname)) event.respondWith(fromCache(request, url.pathname));
});
