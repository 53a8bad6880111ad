// Every user-supplied string reaches an email through these: names, bodies and addresses are typed
// by operators and subscribers, and mail clients render whatever HTML they are given.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * Text for a one-line header such as Subject: control characters (a CR or LF would start a new
 * header in the .eml file or confuse a relay) become spaces, and runs of spaces collapse.
 */
export function oneLine(text: string): string {
  const spaced = Array.from(text, (char) => (isControl(char.codePointAt(0) ?? 0) ? ' ' : char)).join('');
  return spaced.replace(/\s+/g, ' ').trim();
}

// C0 controls, DEL, and the Unicode line and paragraph separators.
function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
}

/** An http(s) URL for an href, or null: a link built from data must never carry javascript:. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
