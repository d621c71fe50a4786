/**
 * A small, safe Markdown subset for the `markdown` widget. Everything is HTML-escaped first; the only
 * tags in the output are the ones this file writes: h1–h6, p, ul/ol/li, strong, em, code, pre, blockquote,
 * hr, and `a` with an http(s) URL (rel=noopener noreferrer nofollow, target=_blank). No raw HTML, no
 * images, no other URL schemes — `javascript:`, `data:` and friends render as plain text.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const SAFE_URL = /^https?:\/\/[^\s"'<>`\\]+$/i;

/** Inline formatting of one line: code spans, links, bold, italic. */
export function renderInline(text: string): string {
  const slots: string[] = [];
  const hold = (html: string): string => `\u0000${slots.push(html) - 1}\u0000`;
  let s = text.replace(/\u0000/g, '');
  // Code spans first: nothing inside them is formatted.
  s = s.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_m, _t: string, code: string) => hold(`<code>${escapeHtml(code.trim())}</code>`));
  // Links: [text](url). The URL must be http(s); otherwise only the text is kept.
  s = s.replace(/\[([^\]\n]{0,500})\]\(([^()\s]{0,2000})\)/g, (_m, label: string, url: string) => {
    const inner = renderEmphasis(escapeHtml(label));
    return SAFE_URL.test(url) ? hold(`<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer nofollow">${inner}</a>`) : hold(inner);
  });
  s = renderEmphasis(escapeHtml(s));
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => slots[Number(i)] ?? '');
}

function renderEmphasis(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])__(?=\S)([^_]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/(^|[^*\w])\*(?=\S)([^*]*?\S)\*(?!\*)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>');
}

/** Render a Markdown string to safe HTML. Input is capped at 100 000 characters. */
export function renderMarkdown(source: string): string {
  const lines = String(source).slice(0, 100_000).replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  let quote: string[] = [];

  const flushPara = (): void => {
    if (para.length) out.push(`<p>${renderInline(para.join(' '))}</p>`);
    para = [];
  };
  const flushList = (): void => {
    if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${renderInline(i)}</li>`).join('')}</${list.tag}>`);
    list = null;
  };
  const flushQuote = (): void => {
    if (quote.length) out.push(`<blockquote>${renderInline(quote.join(' '))}</blockquote>`);
    quote = [];
  };
  const flushAll = (): void => {
    flushPara();
    flushList();
    flushQuote();
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      flushAll();
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trimStart().startsWith(fence[1] ?? '```'); i++) body.push(lines[i] ?? '');
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.trim() === '') {
      flushAll();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flushAll();
      const level = heading[1]?.length ?? 1;
      out.push(`<h${level}>${renderInline(heading[2] ?? '')}</h${level}>`);
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flushAll();
      out.push('<hr>');
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const ordered = /^\s*\d{1,9}[.)]\s+(.*)$/.exec(line);
    if (bullet || ordered) {
      flushPara();
      flushQuote();
      const tag = bullet ? 'ul' : 'ol';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? ordered)?.[1] ?? '');
      continue;
    }
    const q = /^\s*>\s?(.*)$/.exec(line);
    if (q) {
      flushPara();
      flushList();
      quote.push(q[1] ?? '');
      continue;
    }
    if (list) {
      // A continuation line of the last list item.
      const items = (list as { items: string[] }).items;
      items[items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    flushQuote();
    para.push(line.trim());
  }
  flushAll();
  return out.join('\n');
}
