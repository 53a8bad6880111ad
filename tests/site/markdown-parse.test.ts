import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_NESTING, markdownRenderProblem } from '../../site/lib/markdown-parse.ts';

describe('markdownRenderProblem', () => {
  it('passes ordinary update bodies', () => {
    expect(markdownRenderProblem('We are **investigating**.\n\n- API\n- Web\n\n> quoted `code`')).toBeNull();
  });

  it('allows nesting up to the bound and refuses one level more', () => {
    // n quotes, then the paragraph and its text: n + 2 levels.
    const quotes = (levels: number) => `${'> '.repeat(levels - 2)}deep`;
    expect(markdownRenderProblem(quotes(MAX_MARKDOWN_NESTING))).toBeNull();
    expect(markdownRenderProblem(quotes(MAX_MARKDOWN_NESTING + 1))).toMatch(/more than 32 levels/);
  });

  it('refuses emphasis nested past the bound, not only blocks', () => {
    const nested = `${'*'.repeat(100)}a${'*'.repeat(100)}`;
    expect(markdownRenderProblem(nested)).toMatch(/levels/);
  });

  it('refuses a body that overflows the stack instead of throwing', () => {
    expect(markdownRenderProblem('>'.repeat(1900))).toMatch(/nests/i);
  });

  it('refuses a body whose parse costs more than the budget', () => {
    // About 300 ms of CPU here: far over a 20 ms budget, whatever the machine's load.
    expect(markdownRenderProblem('_a'.repeat(10_000), 20)).toMatch(/too long to render/);
    expect(markdownRenderProblem('_a'.repeat(100), 20)).toBeNull();
  });
});
