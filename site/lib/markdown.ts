// Incident update bodies are markdown written by operators, and whatever the admin API accepted is
// shown to the public: everything goes through sanitize-html after marked, which has no sanitiser.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// Bodies sit below a heading of level 3 on every page, so their own headings start at level 4.
const HEADING_OFFSET = 3;

const marked = new Marked({
  gfm: true,
  // Status updates are usually typed as plain text: a line break is meant as one.
  breaks: true,
  renderer: {
    heading({ tokens, depth }) {
      const level = Math.min(depth + HEADING_OFFSET, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'loading', 'referrerpolicy'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // A relative image would load from the status page's own origin, and a plain http one is
  // blocked on an https page and readable on the way: only absolute https images.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^https:\/\//i.test(frame.attribs.src ?? ''),
  transformTags: {
    // Headings written above level 4 in raw HTML are brought down like the markdown ones.
    h1: 'h4',
    h2: 'h4',
    h3: 'h4',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
    // An image from another host is a request from every reader: it should tell that host nothing
    // of the page they read, and wait until it is scrolled into view.
    img: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, loading: 'lazy', referrerpolicy: 'no-referrer' },
    }),
  },
};

/** Markdown to HTML that is safe to insert into a page or a feed as is. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}

// Text only, from the same rendering: the sanitiser keeps no tag but <br> (a line break typed in
// the body), and drops the content of script, style and the like, not only their tags.
const TEXT_ONLY_OPTIONS: sanitizeHtml.IOptions = { allowedTags: ['br'], allowedAttributes: {} };

// The only entities the sanitiser writes into text; decoded so that the page escapes the text once.
const TEXT_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' };

/**
 * The body as plain text, whitespace collapsed, cut at a word boundary to at most `maxLength`
 * characters (with an ellipsis when cut). Plain text, not HTML: escape it where it is inserted.
 */
export function markdownExcerpt(markdown: string, maxLength: number): string {
  const html = marked.parse(markdown, { async: false });
  const text = sanitizeHtml(html, TEXT_ONLY_OPTIONS)
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/&(?:lt|gt|quot|amp);/g, (entity) => TEXT_ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  // At a space when there is one in the second half, else mid-word (never mid-character).
  const kept = lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut.replace(/[\uD800-\uDBFF]$/, '');
  return `${kept.replace(/[\s.,;:!?—-]+$/, '')}…`;
}
