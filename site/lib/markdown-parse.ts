// The markdown parser of update bodies, shared by the site's renderer and the admin API's check on
// the way in, so that what the API accepts is exactly what the build can render.
import { Marked, type Token } from 'marked';

// Bodies sit below a heading of level 3 on every page, so their own headings start at level 4.
const HEADING_OFFSET = 3;

/**
 * How deep the parsed body may be: each quote, list, list item, emphasis or link is a level, and
 * so are the paragraph and its text (`> > hi` is 4). marked recurses once per level and overflows
 * the stack near 1,900; real updates use 4 to 8.
 */
export const MAX_MARKDOWN_NESTING = 32;

/**
 * How long one body may take to parse when it is accepted (CPU time). Bodies are at most 20,000
 * characters, the worst known (`_a` repeated) take about 300 ms: this stops what is worse.
 */
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

// CPU time where the runtime has it (Node): a busy machine must not turn a body that renders in
// 300 ms into a refusal during an incident. Wall time elsewhere: on Workers process.cpuUsage
// exists but throws (and the platform's own CPU limit bounds a request there anyway).
function stopwatch(): () => number {
  try {
    const start = process.cpuUsage();
    return () => {
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
  } catch {
    const start = performance.now();
    return () => performance.now() - start;
  }
}

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
  const elapsed = stopwatch();
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
  const spent = elapsed();
  if (spent > budgetMs) return `Takes too long to render (${Math.round(spent)} ms; at most ${budgetMs}).`;
  return null;
}
