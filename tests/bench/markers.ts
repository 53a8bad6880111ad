// The benchmark writes its figures into files between `<!-- name:start -->` and `<!-- name:end -->`,
// so the figures shown are always the measured ones and the text around them is left alone.
import { readFileSync, writeFileSync } from 'node:fs';

export function replaceBetweenMarkers(file: URL, name: string, content: string): void {
  const text = readFileSync(file, 'utf8');
  const pattern = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(text))
    throw new Error(`${file.pathname} lacks the <!-- ${name}:start --> / <!-- ${name}:end --> markers`);
  writeFileSync(
    file,
    text.replace(pattern, (_, start: string, end: string) => `${start}\n${content}\n${end}`),
  );
}
