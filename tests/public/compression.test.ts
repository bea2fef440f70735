import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compress, pickEncoding } from '../../src/server/features/public/compression.ts';
import { pageHtml } from '../../src/server/features/public/render.ts';

describe('public pages: compression', () => {
  it('picks Brotli, else gzip, else nothing, following the weights of Accept-Encoding', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(pickEncoding('GZIP')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*;q=0')).toBeNull();
    expect(pickEncoding('br;q=0, gzip;q=0, *')).toBeNull();
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding('deflate')).toBeNull();
    expect(pickEncoding('')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
    expect(pickEncoding(['deflate', 'gzip'])).toBe('gzip');
  });

  it('compresses a page to well under half its size, and it decompresses to the same text', () => {
    const html = pageHtml({ lang: 'ar', path: '/help', current: 'help', title: 'طلب المساعدة', exitUrl: 'https://meteo.example.org/', main: '<h1>طلب المساعدة</h1>' });
    const br = compress(html, 'br');
    const gz = compress(html, 'gzip');
    console.log(`public page of ${Buffer.byteLength(html)} B: Brotli ${br.length} B, gzip ${gz.length} B`);
    expect(br.length).toBeLessThan(Buffer.byteLength(html) / 2);
    expect(gz.length).toBeLessThan(Buffer.byteLength(html) / 2);
    expect(brotliDecompressSync(br).toString('utf8')).toBe(html);
    expect(gunzipSync(gz).toString('utf8')).toBe(html);
  });
});
