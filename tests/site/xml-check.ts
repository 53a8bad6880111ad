// Well-formed XML 1.0 as a strict reader needs it. fast-xml-parser's validator checks the
// structure but lets through characters XML 1.0 forbids (raw, or as &#x1b;-style references),
// which is exactly what made readers drop the feeds: those are checked here against the Char
// production of the specification.
import { XMLValidator } from 'fast-xml-parser';

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Why `xml` is not well-formed XML 1.0, or null when it is. */
export function xmlWellFormednessProblem(xml: string): string | null {
  const structure = XMLValidator.validate(xml);
  if (structure !== true) return `${structure.err.code}: ${structure.err.msg} (line ${structure.err.line})`;
  const raw = NOT_XML_CHAR.exec(xml);
  if (raw) return `character U+${(raw[0].codePointAt(0) ?? 0).toString(16).toUpperCase()} at ${raw.index}`;
  // Inside CDATA an ampersand is text, not a reference.
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  for (const reference of outsideCdata.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const digits = reference[1] ?? '';
    const code = digits.startsWith('x') ? Number.parseInt(digits.slice(1), 16) : Number(digits);
    if (!isXmlChar(code)) return `reference ${reference[0]} at ${reference.index}`;
  }
  return null;
}
