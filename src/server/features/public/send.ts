/**
 * How every public page (the site's, the feedback form's, the training events') is sent: the
 * public CSP, never cached (shared computers keep nothing of the visit), and compressed with
 * Brotli or gzip when the browser accepts it. The security headers common to every answer,
 * Referrer-Policy included, are added by the app (app.ts, onSend).
 */
import type { FastifyReply } from 'fastify';
import { publicCsp } from './render.ts';
import { compress, pickEncoding } from './compression.ts';

export function sendPublicPage(reply: FastifyReply, page: { status: number; html: string }): FastifyReply {
  const encoding = pickEncoding(reply.request.headers['accept-encoding']);
  if (encoding) reply.header('Content-Encoding', encoding);
  return reply
    .status(page.status)
    .header('Content-Security-Policy', publicCsp)
    // Shared computers: nothing of the visit is kept in the browser's cache.
    .header('Cache-Control', 'no-store')
    .header('Vary', 'Accept-Encoding')
    .type('text/html; charset=utf-8')
    .send(encoding ? compress(page.html, encoding) : page.html);
}
