// The markdown parser of update bodies, shared by the site's renderer and the admin API's check on
// the way in, so that what the API accepts is exactly what the build can render.
import { Marked, type Token } from 'marked';

// Bodies sit below a heading of level 3 on every page, so their own headings start at level 4.
const HEADING_OFFSET = 3;

/**
 * How deep blocks and inline spans may nest (quotes in lists in quotes, emphasis in emphasis).
 * marked recurses once per level and overflows the stack near 1,900; real updates use 3 or 4.
 */
export const MAX_MARKDOWN_NESTING = 32;

/** How long one body may take to render when it is accepted; bodies are at most 20,000 characters. */
export const MARKDOWN_RENDER_BUDGET_MS = 1000;

export const marked = new Marked({
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

// Iterative, so that measuring a deep tree cannot itself overflow.
function nestingDepth(tokens: readonly Token[]): number {
  let deepest = 0;
  const stack: Array<[readonly Token[], number]> = [[tokens, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [level, depth] = next;
    deepest = Math.max(deepest, depth);
    for (const token of level) {
      const children = 'tokens' in token ? (token.tokens as Token[] | undefined) : undefined;
      if (children?.length) stack.push([children, depth + 1]);
      const items = 'items' in token ? (token.items as Token[] | undefined) : undefined;
      if (items?.length) stack.push([items, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Why `markdown` cannot be published, or null when it renders: nesting deeper than
 * MAX_MARKDOWN_NESTING, a parse that overflows the stack, or one slower than the budget.
 */
export function markdownRenderProblem(markdown: string, budgetMs = MARKDOWN_RENDER_BUDGET_MS): string | null {
  const started = performance.now();
  try {
    const tokens = marked.lexer(markdown);
    if (nestingDepth(tokens) > MAX_MARKDOWN_NESTING) {
      return `Nests more than ${MAX_MARKDOWN_NESTING} levels deep (quotes, lists or emphasis).`;
    }
    marked.parser(tokens);
  } catch (error) {
    if (error instanceof RangeError) {
      return `Nests too deeply to be rendered (more than ${MAX_MARKDOWN_NESTING} levels).`;
    }
    return 'Cannot be rendered as markdown.';
  }
  const elapsed = performance.now() - started;
  if (elapsed > budgetMs) return `Takes too long to render (${Math.round(elapsed)} ms; at most ${budgetMs}).`;
  return null;
}
