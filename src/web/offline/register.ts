/** Registers the service worker (dist/web/sw.js) that keeps the app shell for offline use. */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  // Under `vite` (development) there is no sw.js: the registration fails quietly.
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}
