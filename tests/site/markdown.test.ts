import { describe, expect, it, vi } from 'vitest';
import { markdownExcerpt, renderMarkdown } from '../../site/lib/markdown.ts';
import { marked } from '../../site/lib/markdown-parse.ts';

// Whatever comes out must carry no script, no event handler, no style and no link or image that
// runs or embeds code. Text that merely reads like code (escaped) is harmless, so only tags count.
function expectInert(html: string): void {
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  for (const tag of tags) {
    expect(tag).not.toMatch(/^<(script|svg|math|iframe|object|embed|style|form|input|button)\b/i);
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/\sstyle\s*=/i);
    expect(tag).not.toMatch(/(javascript|vbscript|data):/i);
  }
  expect(html).not.toMatch(/<script/i);
}

describe('renderMarkdown', () => {
  it('keeps common formatting', () => {
    const html = renderMarkdown(
      '**bold** _em_ `code` ~~gone~~\n\n- one\n- two\n\n1. first\n\n> quoted\n\n```\nblock\n```',
    );
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(html).toContain('<ol>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<pre><code>block');
  });

  it('turns single line breaks into <br>, as status updates are typed', () => {
    expect(renderMarkdown('line one\nline two')).toBe('<p>line one<br />line two</p>');
  });

  it('keeps web and mail links, adding rel="nofollow noopener"', () => {
    const html = renderMarkdown('[docs](https://example.com/a?b=1&c=2) <mailto:ops@example.com>');
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener">docs</a>');
    expect(html).toContain('href="mailto:ops@example.com" rel="nofollow noopener"');
  });

  it('replaces a rel given by the author with its own', () => {
    const html = renderMarkdown('<a href="https://example.com" rel="opener" target="_blank">x</a>');
    expect(html).toBe('<p><a href="https://example.com" rel="nofollow noopener">x</a></p>');
  });

  it('brings headings down to level 4 and below, under the page headings', () => {
    expect(renderMarkdown('# Title')).toBe('<h4>Title</h4>');
    expect(renderMarkdown('### Small')).toBe('<h6>Small</h6>');
    expect(renderMarkdown('<h1>Raw</h1>')).toBe('<h4>Raw</h4>');
  });

  it('keeps absolute https images, lazily loaded and sent without a referrer, and drops relative and data: images', () => {
    expect(renderMarkdown('![graph](https://example.com/g.png)')).toContain(
      '<img src="https://example.com/g.png" alt="graph" loading="lazy" referrerpolicy="no-referrer" />',
    );
    // Set by the renderer, whatever raw HTML asks for.
    expect(
      renderMarkdown('<img src="https://example.com/g.png" loading="eager" referrerpolicy="unsafe-url">'),
    ).toBe('<img src="https://example.com/g.png" loading="lazy" referrerpolicy="no-referrer" />');
    expect(renderMarkdown('![x](/admin/secret.png)')).not.toContain('<img');
    expect(renderMarkdown('![x](data:image/png;base64,iVBORw0KGgo=)')).not.toContain('<img');
    expect(renderMarkdown('<img src="data:image/svg+xml;base64,PHN2Zz4=">')).not.toContain('<img');
  });

  it('drops plain http images, which readers would load unencrypted', () => {
    expect(renderMarkdown('![x](http://example.com/g.png)')).not.toContain('<img');
    expect(renderMarkdown('<img src="HTTP://example.com/g.png">')).not.toContain('<img');
  });

  it('escapes text that looks like markup', () => {
    expect(renderMarkdown('Rates < 5 % & "falling"')).toBe('<p>Rates &lt; 5 % &amp; "falling"</p>');
  });

  const payloads: Array<[string, string]> = [
    ['a script tag', '<script>alert(1)</script>'],
    ['a script tag split across lines', '<scr\nipt>alert(1)</scr\nipt>'],
    ['a markdown javascript: link', '[x](javascript:alert(1))'],
    ['a mixed-case javascript: link', '[x](JaVaScRiPt:alert(1))'],
    ['an entity-encoded javascript: link', '<a href="&#106;avascript:alert(1)">x</a>'],
    ['a javascript: link with a tab inside', '<a href="java\tscript:alert(1)">x</a>'],
    ['a javascript: link with a hex entity tab', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
    ['a javascript: link with leading spaces', '<a href="   javascript:alert(1)">x</a>'],
    ['a vbscript: link', '<a href="vbscript:msgbox(1)">x</a>'],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['an autolinked javascript: URL', '<javascript:alert(1)>'],
    ['an onerror handler', '<img src="https://example.com/x.png" onerror="alert(1)">'],
    ['an onclick handler', '<b onclick="alert(1)">bold</b>'],
    ['an svg with onload', '<svg onload="alert(1)"><circle r="1"/></svg>'],
    ['an svg with a script', '<svg><script>alert(1)</script></svg>'],
    ['a math element with a link', '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
    ['a style element', '<style>body{display:none}</style>'],
    ['a form', '<form action="https://evil.example"><input name="q"><button>go</button></form>'],
    ['a reference-style javascript: link', '[x][1]\n\n[1]: javascript:alert(1)'],
    ['an unclosed tag smuggling a handler', '<img src=x onerror=alert(1)//'],
  ];

  for (const [name, payload] of payloads) {
    it(`neutralises ${name}`, () => {
      expectInert(renderMarkdown(payload));
    });
  }

  it('keeps the text of a neutralised link', () => {
    expect(renderMarkdown('[click me](javascript:alert(1))')).toBe(
      '<p><a rel="nofollow noopener">click me</a></p>',
    );
  });
});

describe('markdownExcerpt', () => {
  it('gives the text a reader sees, with markup and scripts gone and characters as typed', () => {
    const text = markdownExcerpt(
      '# Update\n\nWe are **investigating**.\nSecond line\n\n<script>alert(1)</script>\n\n- one\n- two\n\nRates < 5 % & "falling" &amp; `a<b>`',
      500,
    );
    expect(text).toBe('Update We are investigating. Second line one two Rates < 5 % & "falling" & a<b>');
  });

  it('cuts a long body at a word boundary with an ellipsis, and leaves a short one as it is', () => {
    expect(markdownExcerpt('Short and sweet.', 20)).toBe('Short and sweet.');
    expect(markdownExcerpt('The rollback is complete, and error rates are normal.', 30)).toBe(
      'The rollback is complete…',
    );
    const long = markdownExcerpt('x'.repeat(50), 10);
    expect(long).toBe(`${'x'.repeat(9)}…`);
    // Never half of a character made of two UTF-16 units.
    expect(markdownExcerpt(`${'😀'.repeat(20)}`, 10)).toBe(`${'😀'.repeat(4)}…`);
  });
});

describe('a body marked cannot render', () => {
  // Stored before the API checked bodies: it must not stop the build of every page and feed.
  const tooDeep = `Still **here**: <b>x</b>\n${'>'.repeat(1900)}`;

  it('is shown as escaped plain text instead of failing the build', () => {
    const html = renderMarkdown(tooDeep);
    expect(html.startsWith('<p>Still **here**: &lt;b&gt;x&lt;/b&gt;<br />&gt;&gt;&gt;')).toBe(true);
    expect(html).not.toContain('<b>');
  });

  it('gives its typed text as the excerpt', () => {
    expect(markdownExcerpt(tooDeep, 30)).toBe('Still **here**: <b>x</b>…');
  });
});

describe('rendering once per build', () => {
  it('parses a body once, however many pages, feeds and excerpts show it', () => {
    const parse = vi.spyOn(marked, 'parse');
    const body = `Once only ${crypto.randomUUID()}`;
    const first = renderMarkdown(body);
    // The incident page, the RSS and the Atom feed show the same update again.
    expect([renderMarkdown(body), renderMarkdown(body), renderMarkdown(body)]).toEqual([first, first, first]);
    expect(markdownExcerpt(body, 100)).toBe(body);
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
  });
});
