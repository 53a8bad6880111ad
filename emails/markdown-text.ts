// The plain-text part of an email shows an update's markdown as a reader would type it in a plain
// mail: no `**`, `[text](url)` or raw tags, but every link's address kept, since a text-only
// reader has no other way to follow it. Walks the same parse the HTML part renders.
import type { Token, Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { marked } from '../site/lib/markdown-parse.ts';
import { safeHref } from './escape.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

// Markdown text may carry HTML entities (`&amp;`); the HTML part shows them decoded, so does this.
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// Raw HTML in a body: its tags go, its text stays, and the content of script, style and the like
// goes too, as in the HTML part. The sanitiser escapes the text it keeps; decoded once here.
const stripTags = (html: string) =>
  decodeEntities(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }));

function linkText(label: string, href: string): string {
  const url = safeHref(href) ?? (/^mailto:/i.test(href) ? href : null);
  if (!url) return label;
  // As written (a parsed URL gains a trailing slash), without a mailto: a reader need not see.
  const shown = href.trim().replace(/^mailto:/i, '');
  // An autolink (<https://…>) or a link whose text is its address is shown once.
  if (label === url || label === href || label === shown) return label;
  return `${label} (${shown})`;
}

// Elements whose content the HTML part's sanitiser drops with them (its nonTextTags).
const NON_TEXT = /^<(script|style|textarea|option|noscript)\b/i;

function inline(tokens: readonly Token[] | undefined): string {
  let text = '';
  // Inline HTML comes as separate tokens: `<script>`, the text inside, `</script>`.
  let droppedUntil: RegExp | null = null;
  for (const token of tokens ?? []) {
    const html = token.type === 'html' ? (token as Tokens.HTML).text : '';
    if (droppedUntil) {
      if (droppedUntil.test(html)) droppedUntil = null;
      continue;
    }
    const opening = NON_TEXT.exec(html);
    if (opening && !new RegExp(`</${opening[1]}\\s*>`, 'i').test(html)) {
      droppedUntil = new RegExp(`^</${opening[1]}\\s*>`, 'i');
      continue;
    }
    text += inlineToken(token);
  }
  return text;
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'link':
      return linkText(inline((token as Tokens.Link).tokens), (token as Tokens.Link).href);
    case 'image': {
      const image = token as Tokens.Image;
      return linkText(decodeEntities(image.text || 'image'), image.href);
    }
    case 'br':
      return '\n';
    case 'codespan':
    case 'escape':
      return decodeEntities((token as Tokens.Codespan).text);
    case 'html':
      return stripTags((token as Tokens.HTML).text);
    default:
      if ('tokens' in token && token.tokens) return inline(token.tokens);
      return 'text' in token ? decodeEntities(String(token.text)) : '';
  }
}

const indent = (text: string, prefix: string, first = prefix) =>
  text
    .split('\n')
    .map((line, index) => (index === 0 ? first : prefix) + line)
    .join('\n');

function block(tokens: readonly Token[]): string {
  return tokens
    .map(blockToken)
    .filter((text) => text !== '')
    .join('\n\n');
}

function blockToken(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'def':
      return '';
    case 'paragraph':
    case 'heading':
      return inline((token as Tokens.Paragraph).tokens).trim();
    case 'text':
      return 'tokens' in token && token.tokens ? inline(token.tokens) : decodeEntities(String(token.text));
    case 'code':
      return indent((token as Tokens.Code).text, '    ');
    case 'blockquote':
      return indent(block((token as Tokens.Blockquote).tokens), '> ');
    case 'list':
      return listText(token as Tokens.List);
    case 'hr':
      return '----';
    case 'table': {
      const table = token as Tokens.Table;
      const row = (cells: Tokens.TableCell[]) => cells.map((cell) => inline(cell.tokens).trim()).join(' | ');
      return [row(table.header), ...table.rows.map(row)].join('\n');
    }
    case 'html':
      return stripTags((token as Tokens.HTML).text).trim();
    default:
      return 'tokens' in token && token.tokens ? inline(token.tokens) : '';
  }
}

function listText(list: Tokens.List): string {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items
    .map((item, index) => {
      const marker = list.ordered ? `${start + index}. ` : '- ';
      const body = (item.tokens ?? []).map(blockToken).filter((text) => text !== '');
      return indent(body.join(item.loose ? '\n\n' : '\n'), ' '.repeat(marker.length), marker);
    })
    .join(list.loose ? '\n\n' : '\n');
}

/** An update's markdown as readable plain text, links as `text (url)`. */
export function markdownToText(markdown: string): string {
  try {
    return block(marked.lexer(markdown)).trim();
  } catch {
    // A body the parser cannot take (see markdown-parse.ts) is shown as it was typed.
    return markdown.trim();
  }
}
