/**
 * Compression of the public pages: visitors often arrive on a slow or metered mobile connection.
 * A page is one HTML document of about 10 KB with its style inline; Brotli or gzip (whichever the
 * browser accepts, Brotli first) brings it to about a third. Pages are rendered per request and
 * never cached, so each is compressed as it is sent, at a quick setting.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type ContentEncoding = 'br' | 'gzip';

/** The encoding to use for an Accept-Encoding header, or null for none (identity). */
export function pickEncoding(acceptEncoding: string | string[] | undefined): ContentEncoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    accepted.set(name, Number.isFinite(weight) ? weight : 0);
  }
  // A coding not named takes the weight of "*", if given (RFC 9110, 12.5.3).
  const weightOf = (name: ContentEncoding): number => accepted.get(name) ?? accepted.get('*') ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return null;
}

export function compress(text: string, encoding: ContentEncoding): Buffer {
  const input = Buffer.from(text, 'utf8');
  if (encoding === 'br') {
    return brotliCompressSync(input, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: input.length },
    });
  }
  return gzipSync(input, { level: 6 });
}
