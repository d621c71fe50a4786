import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown } from '../../src/renderer/markdown.js';

/** Every tag the renderer may emit; anything else in the output is a sanitizer bug. */
const ALLOWED = /^<\/?(h[1-6]|p|ul|ol|li|strong|em|code|pre|blockquote|hr|a)(\s|>|$)/;
const tags = (html: string): string[] => html.match(/<[^>]*>/g) ?? [];

describe('renderMarkdown (safe subset)', () => {
  it("GIVEN seed 002's markdown sample THEN a heading and a bullet", () => {
    expect(renderMarkdown('# Heading\n- bullet')).toBe('<h1>Heading</h1>\n<ul><li>bullet</li></ul>');
  });

  it('GIVEN the supported subset THEN headings, lists, emphasis, code and http(s) links render', () => {
    const html = renderMarkdown('## Title\n\nSome **bold**, *it*, _also_ and `co<de>`.\n\n1. one\n2. two\n\n> quote\n\n```\n<b>raw</b>\n```\n\n---\n[site](https://example.com/a_b?x=1&y=2)');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<p>Some <strong>bold</strong>, <em>it</em>, <em>also</em> and <code>co&lt;de&gt;</code>.</p>');
    expect(html).toContain('<ol><li>one</li><li>two</li></ol>');
    expect(html).toContain('<blockquote>quote</blockquote>');
    expect(html).toContain('<pre><code>&lt;b&gt;raw&lt;/b&gt;</code></pre>');
    expect(html).toContain('<hr>');
    expect(html).toContain('<a href="https://example.com/a_b?x=1&amp;y=2" target="_blank" rel="noopener noreferrer nofollow">site</a>');
  });

  it('GIVEN XSS vectors THEN nothing executable survives', () => {
    const vectors = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](vbscript:msgbox)',
      '[x](https://ok.example" onmouseover="alert(1))',
      '[x](https://ok.example/"><script>alert(1)</script>)',
      '[a](//evil.example)',
      '[a]( javascript:alert(1))',
      '&lt;script&gt;',
      '&#106;avascript:alert(1)',
      '**<svg onload=alert(1)>**',
      '`</code><script>x</script>`',
      '<a href="javascript:alert(1)">y</a>',
      '# <iframe src=//evil>',
      '- <style>*{display:none}</style>',
    ];
    for (const v of vectors) {
      const html = renderMarkdown(v);
      for (const t of tags(html)) expect(ALLOWED.test(t), `${v} → ${html}`).toBe(true);
      expect(html).not.toMatch(/href="(?!https?:)/i);
      expect(html).not.toMatch(/<[^>]+\son\w+=/i);
    }
    expect(renderMarkdown('[x](javascript:void)')).toBe('<p>x</p>'); // a non-http(s) link keeps only its text
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>'); // not a link at all: plain text
    expect(renderMarkdown('&#106;')).toBe('<p>&amp;#106;</p>');
  });

  it('GIVEN any string THEN the output only contains allowed tags and every href is http(s)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', '[', ']', '(', ')', '*', '_', '`', '#', '-', '\n', ' ', 'a', ':', '/', 'javascript:', 'https://x', 'on', '=') }), (s) => {
        const html = renderMarkdown(s);
        for (const t of tags(html)) expect(ALLOWED.test(t)).toBe(true);
        for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN links with underscores or stars in the URL THEN emphasis never lands inside the attribute', () => {
    expect(renderInline('[a](https://x.test/a_b_c*d*) and _em_')).toBe('<a href="https://x.test/a_b_c*d*" target="_blank" rel="noopener noreferrer nofollow">a</a> and <em>em</em>');
  });
});
