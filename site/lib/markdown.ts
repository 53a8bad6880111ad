// Incident update bodies are markdown written by operators, and whatever the admin API accepted is
// shown to the public: everything goes through sanitize-html after marked, which has no sanitiser.
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from './escape.ts';
import { marked } from './markdown-parse.ts';

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

// A build shows each update on up to four documents (page, incident page, RSS, Atom): each body is
// parsed and sanitised once per process (a build runs in its own), keyed by the body itself.
const MEMO_LIMIT = 20_000;
const parsedMemo = new Map<string, string>();
const safeMemo = new Map<string, string>();

function remember(memo: Map<string, string>, key: string, make: () => string): string {
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const value = make();
  memo.set(key, value);
  return value;
}

// A body stored before the API checked bodies (or one that fails on a smaller stack) must not stop
// the build: it is shown as the plain text it was typed as.
function parseOrPlain(markdown: string): string {
  return remember(parsedMemo, markdown, () => {
    try {
      return marked.parse(markdown, { async: false });
    } catch {
      return `<p>${escapeHtml(markdown).replace(/\r?\n/g, '<br />')}</p>`;
    }
  });
}

/** Markdown to HTML that is safe to insert into a page or a feed as is. */
export function renderMarkdown(markdown: string): string {
  return remember(safeMemo, markdown, () => sanitizeHtml(parseOrPlain(markdown), SANITIZE_OPTIONS).trim());
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
  const text = sanitizeHtml(parseOrPlain(markdown), TEXT_ONLY_OPTIONS)
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
