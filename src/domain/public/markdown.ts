/**
 * A small, safe Markdown subset for the public pages, shared by the server (public site) and the
 * web app (the editor's preview): headings (# and ## as h2 under the page's h1, ### h3, #### h4),
 * paragraphs, bulleted (- or *) and numbered (1.) lists, links [text](url) to http, https,
 * mailto, tel or a site path (/…), **strong** and *emphasis* (or _emphasis_). Everything else is
 * text: every character is HTML-escaped, so tags, entities and scripts in the source are shown
 * as written and never run. Control and bidirectional-override characters are dropped.
 * Pure: no I/O, no DOM.
 */

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/**
 * Drops characters that have no place in page text: C0/C1 controls (except tab and line feed),
 * bidirectional overrides and embeddings (U+202A–U+202E) and isolates (U+2066–U+2069), which can
 * make text read differently from what it is, and the byte-order mark; normalises to NFC.
 */
export function cleanText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '');
}

/** A link target allowed in page text, or null: http(s), mailto, tel, or a path of this site. */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  if (url === '' || url.length > 2000) return null;
  // No whitespace, controls or quotes inside a URL (they would change its meaning or break out).
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001F\u007F-\u009F"'<>`\\]/.test(url)) return null;
  if (url.startsWith('/')) return url.startsWith('//') ? null : url;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return /^https?:\/\/[^/?#]+/i.test(url) ? url : null;
  if (scheme === 'mailto') return /^mailto:[^@]+@[^@]+$/i.test(url) ? url : null;
  if (scheme === 'tel') return /^tel:\+?[0-9][0-9\-.() ]{2,30}$/i.test(url) ? url : null;
  return null;
}

/** Inline text: links, strong, emphasis; everything else escaped. */
export function renderInline(text: string, options: { links?: boolean } = {}): string {
  const links = options.links ?? true;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    if (links && rest.startsWith('[')) {
      const m = /^\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)/.exec(rest);
      if (m) {
        const label = m[1] ?? '';
        const href = safeHref(m[2] ?? '');
        const inner = renderInline(label, { links: false });
        if (href) {
          const external = /^https?:/i.test(href);
          out += `<a href="${escapeHtml(href)}"${external ? ' rel="noopener noreferrer"' : ''}>${inner}</a>`;
        } else {
          out += inner;
        }
        i += m[0].length;
        continue;
      }
    }
    const strong = /^\*\*([^*\n]+?)\*\*/.exec(rest) ?? /^__([^_\n]+?)__/.exec(rest);
    if (strong) {
      out += `<strong>${renderInline(strong[1] ?? '', { links })}</strong>`;
      i += strong[0].length;
      continue;
    }
    let em = /^\*([^*\s][^*\n]*?)\*/.exec(rest);
    if (!em && (i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1] ?? ''))) em = /^_([^_\s][^_\n]*?)_(?![\p{L}\p{N}])/u.exec(rest);
    if (em) {
      out += `<em>${renderInline(em[1] ?? '', { links })}</em>`;
      i += em[0].length;
      continue;
    }
    out += escapeHtml(text[i] ?? '');
    i += 1;
  }
  return out;
}

type Block =
  | { kind: 'heading'; level: 2 | 3 | 4; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; ordered: boolean; items: string[] };

/** Parses the subset into blocks (exported for tests). */
export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  const flush = () => {
    if (current) blocks.push(current);
    current = null;
  };
  for (const rawLine of cleanText(source).split('\n')) {
    const line = rawLine.replace(/\s+$/, '');
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = /^\s{0,3}(#{1,4})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      // The page title is the only h1: # and ## are sections (h2), ### h3, #### h4.
      blocks.push({ kind: 'heading', level: Math.max(2, heading[1]?.length ?? 2) as 2 | 3 | 4, text: heading[2] ?? '' });
      continue;
    }
    const bullet = /^\s{0,3}[-*•]\s+(.*)$/.exec(line);
    const numbered = /^\s{0,3}\d{1,3}[.)]\s+(.*)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = !bullet;
      const open = current as Block | null;
      if (open?.kind === 'list' && open.ordered === ordered) {
        open.items.push(item[1] ?? '');
      } else {
        flush();
        current = { kind: 'list', ordered, items: [item[1] ?? ''] };
      }
      continue;
    }
    const open = current as Block | null;
    if (open?.kind === 'list' && /^\s+\S/.test(rawLine)) {
      // an indented line continues the last item
      open.items[open.items.length - 1] = `${open.items[open.items.length - 1] ?? ''} ${line.trim()}`;
      continue;
    }
    if (open?.kind === 'paragraph') {
      open.lines.push(line.trim());
    } else {
      flush();
      current = { kind: 'paragraph', lines: [line.trim()] };
    }
  }
  flush();
  return blocks;
}

/** Renders the subset to HTML; the result is safe to insert as markup. */
export function renderMarkdown(source: string): string {
  return parseBlocks(source)
    .map((b) => {
      switch (b.kind) {
        case 'heading':
          return `<h${b.level}>${renderInline(b.text)}</h${b.level}>`;
        case 'paragraph':
          return `<p>${b.lines.map((l) => renderInline(l)).join('\n')}</p>`;
        case 'list': {
          const tag = b.ordered ? 'ol' : 'ul';
          return `<${tag}>${b.items.map((it) => `<li>${renderInline(it)}</li>`).join('')}</${tag}>`;
        }
      }
    })
    .join('\n');
}
