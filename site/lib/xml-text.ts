// XML 1.0 forbids C0 controls other than tab, LF and CR (NUL included) and the non-characters
// U+FFFE and U+FFFF: one of them anywhere makes a whole feed unreadable for every subscriber.
// The admin API refuses them in every text field; the feeds strip them as a second line of defence.

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching those characters is the point.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// Also unpaired UTF-16 surrogates (a JSON "\\ud800" makes one), which no encoding can write.
const SOURCE = `${FORBIDDEN.source}|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`;
const FORBIDDEN_ONE = new RegExp(SOURCE);
const FORBIDDEN_ALL = new RegExp(SOURCE, 'g');

/** The index of the first character XML 1.0 forbids or unpaired surrogate, or -1. */
export function indexOfXmlForbidden(text: string): number {
  return text.search(FORBIDDEN_ONE);
}

/** The text without the characters XML 1.0 forbids, nor unpaired surrogates. */
export function stripXmlForbidden(text: string): string {
  return text.replace(FORBIDDEN_ALL, '');
}
