// The benchmark's parts run separately (BENCH_PARTS): each writes only its own section of a file,
// between `<!-- <name>:start -->` and `<!-- <name>:end -->`, and leaves the others' figures as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Replaces the named section of the file at `url`, appending it (with its markers) when missing. */
export function replaceSection(url: URL, name: string, content: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = existsSync(url) ? readFileSync(url, 'utf8') : '';
  const pattern = new RegExp(`${escapeRegExp(start)}[\\s\\S]*?${escapeRegExp(end)}`);
  const section = `${start}\n${content.trim()}\n${end}`;
  writeFileSync(
    url,
    pattern.test(text) ? text.replace(pattern, () => section) : `${text.trimEnd()}\n\n${section}\n`,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
