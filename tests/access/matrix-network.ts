/** Access matrix rows of the network's e-mail notifications and transfers pages (see matrix.ts). */
import type { EndpointCase } from './matrix.ts';

export const networkEndpoints: readonly EndpointCase[] = [
  // --- e-mail preference (the caller's own) ----------------------------------------------------
  { method: 'GET', route: '/api/me/mail-preferences', path: () => '/api/me/mail-preferences', allowed: 'any', denied: 404 },
  { method: 'PUT', route: '/api/me/mail-preferences', path: () => '/api/me/mail-preferences', body: () => ({ notifyByMail: false }), allowed: 'any', denied: 404 },
];
