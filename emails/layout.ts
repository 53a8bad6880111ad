// The frame every HTML email shares: one centred table (mail clients ignore most CSS, so layout is
// tables and inline styles), explicit colours on every cell so a client's dark mode cannot leave
// dark text on a dark background, and a dark palette for clients that honour prefers-color-scheme.
import { escapeHtml, safeHref } from './escape.ts';

export interface LayoutProps {
  /** The status page's name, shown as the header. Plain text. */
  pageName: string;
  /** The status page's address, linked from the header. */
  pageUrl: string;
  /** Hidden preview text shown by inboxes beside the subject. Plain text. */
  preheader: string;
  /** The message itself: HTML already escaped or sanitised by the template. */
  bodyHtml: string;
  /** Footer lines: HTML already escaped by the template. */
  footerHtml: string;
}

const DARK_MODE_CSS = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .candor-bg { background-color: #111418 !important; }
  .candor-card { background-color: #1b1f24 !important; border-color: #2d333b !important; }
  .candor-text { color: #e6e8eb !important; }
  .candor-muted { color: #a3abb5 !important; }
  .candor-card a { color: #7cb7ff !important; }
  .candor-card a.candor-text { color: #e6e8eb !important; }
  .candor-card a.candor-button { color: #ffffff !important; }
  .candor-rule { border-color: #2d333b !important; }
}`;

/** The whole HTML document around a template's body. */
export function renderLayout(props: LayoutProps): string {
  const pageName = escapeHtml(props.pageName);
  const href = safeHref(props.pageUrl);
  const title = href
    ? `<a href="${escapeHtml(href)}" style="color:#1f2328;text-decoration:none;" class="candor-text">${pageName}</a>`
    : pageName;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${pageName}</title>
<style>${DARK_MODE_CSS}</style>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;" class="candor-bg">
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(props.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;" class="candor-bg">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;background-color:#ffffff;border:1px solid #d8dee4;border-radius:6px;" class="candor-card">
<tr><td style="padding:20px 24px 8px;font-family:Arial,Helvetica,sans-serif;font-size:18px;font-weight:bold;color:#1f2328;" class="candor-text">${title}</td></tr>
<tr><td style="padding:8px 24px 20px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;" class="candor-text">${props.bodyHtml}</td></tr>
<tr><td style="padding:12px 24px 20px;border-top:1px solid #d8dee4;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:1.5;color:#59636e;" class="candor-muted candor-rule">${props.footerHtml}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

/** A link for the body or footer; the text is escaped, the URL refused unless http(s). */
export function link(url: string, text: string): string {
  const href = safeHref(url);
  if (!href) return escapeHtml(text);
  return `<a href="${escapeHtml(href)}" style="color:#0969da;">${escapeHtml(text)}</a>`;
}

/** A button-like link that renders in clients without CSS support for buttons. */
export function buttonLink(url: string, text: string): string {
  const href = safeHref(url);
  if (!href) return escapeHtml(text);
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>
<td style="background-color:#1f6feb;border-radius:6px;"><a href="${escapeHtml(href)}" class="candor-button" style="display:inline-block;padding:10px 18px;font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#ffffff;text-decoration:none;font-weight:bold;">${escapeHtml(text)}</a></td>
</tr></table>`;
}
