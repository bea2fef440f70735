import { describe, expect, it } from 'vitest';
import { cleanText, escapeHtml, renderInline, renderMarkdown, safeHref } from './markdown.ts';

describe('public Markdown subset', () => {
  it('renders headings, paragraphs, lists, links and emphasis', () => {
    const html = renderMarkdown('# Obiettivi\n\nPrima riga\nseconda riga.\n\n- uno\n- **due**\n\n1. primo\n2. *secondo*\n\n### Contatti\n[Scrivici](mailto:info@example.org) o [chiama](tel:800290290) o [sito](https://example.org/a?b=1&c=2) o [aiuto](/p/it/help).');
    expect(html).toBe(
      '<h2>Obiettivi</h2>\n<p>Prima riga\nseconda riga.</p>\n<ul><li>uno</li><li><strong>due</strong></li></ul>\n<ol><li>primo</li><li><em>secondo</em></li></ol>\n<h3>Contatti</h3>\n' +
        '<p><a href="mailto:info@example.org">Scrivici</a> o <a href="tel:800290290">chiama</a> o <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">sito</a> o <a href="/p/it/help">aiuto</a>.</p>',
    );
  });

  it('escapes every tag, attribute and entity of the source', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> &amp; "q" \'s\'\n\n- <b>x</b>\n# <iframe>');
    expect(html).not.toMatch(/<script|<img|<iframe|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp;amp; &quot;q&quot; &#39;s&#39;');
  });

  it('drops links to javascript:, data:, vbscript:, protocol-relative and malformed targets, keeping the text', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', 'vbscript:x', '//evil.example/x', 'https://', 'java\tscript:alert(1)', 'http://x"onmouseover="a', 'ftp://x.example']) {
      const html = renderMarkdown(`[clic](${href})`);
      expect(html, href).not.toContain('<a');
      expect(html, href).not.toMatch(/javascript:|vbscript:|data:text/i);
    }
    expect(renderMarkdown('[a](javascript:alert(1))')).toBe('<p>a)</p>');
  });

  it('keeps attributes inert: quotes in link text and targets cannot break out', () => {
    expect(renderInline('[x" onclick="a](https://example.org/")')).not.toContain('onclick="a"');
    expect(renderInline('[<b>t</b>](https://example.org/)')).toBe('<a href="https://example.org/" rel="noopener noreferrer">&lt;b&gt;t&lt;/b&gt;</a>');
  });

  it('drops controls and bidirectional overrides, keeps other scripts and emoji', () => {
    expect(cleanText('a\u0000b\u202Ec\u2066d\uFEFFe\r\nf')).toBe('abcde\nf');
    const html = renderMarkdown('مرحبا — 你好 — Shqipëri 👋 e\u0301');
    expect(html).toBe('<p>مرحبا — 你好 — Shqipëri 👋 é</p>');
  });

  it('treats underscores inside words as text and leaves stray markers alone', () => {
    expect(renderInline('file_name_here e _enfasi_')).toBe('file_name_here e <em>enfasi</em>');
    expect(renderInline('2 * 3 * 4')).toBe('2 * 3 * 4');
  });

  it('allows only safe link targets', () => {
    expect(safeHref('https://example.org')).toBe('https://example.org');
    expect(safeHref('mailto:a@b.it')).toBe('mailto:a@b.it');
    expect(safeHref('tel:+39 800 290 290')).toBeNull();
    expect(safeHref('tel:+39800290290')).toBe('tel:+39800290290');
    expect(safeHref('/p/en/help')).toBe('/p/en/help');
    expect(safeHref('javascript:x')).toBeNull();
    expect(escapeHtml('<&>"\'')).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});
