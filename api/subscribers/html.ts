// The few pages the API itself serves (confirm, manage, unsubscribe, check your inbox): small,
// server-rendered, no script, the status page's colours. Every interpolated string goes through
// escapeHtml; the `html` tag below makes that the default.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Markup that is already safe, so the `html` tag inserts it as it is. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

type Value = string | number | SafeHtml | readonly SafeHtml[] | null | undefined;

/** A template tag escaping every interpolated value except SafeHtml (and arrays of it). */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    if (value instanceof SafeHtml) out += value.value;
    else if (Array.isArray(value)) out += value.map((part: SafeHtml) => part.value).join('');
    else if (value !== null && value !== undefined) out += escapeHtml(String(value));
    out += strings[index + 1] ?? '';
  });
  return new SafeHtml(out);
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--surface:#f6f8fa;--link:#0550ae;--ok:#1a7f37;--bad:#cf222e}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--surface:#151b23;--link:#4493f8;--ok:#3fb950;--bad:#f85149}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
header{border-bottom:1px solid var(--border)}header a{color:var(--fg);font-weight:600;text-decoration:none}
.wrap{max-width:40rem;margin:0 auto;padding:1rem}a{color:var(--link)}h1{font-size:1.5rem}
.card{border:1px solid var(--border);border-radius:.5rem;padding:1rem;background:var(--surface)}
button{font:inherit;padding:.5rem 1rem;border-radius:.5rem;border:1px solid var(--link);background:var(--link);color:var(--bg);cursor:pointer}
button.secondary{background:transparent;color:var(--link)}fieldset{border:1px solid var(--border);border-radius:.5rem;margin:0 0 1rem}
label{display:block;margin:.25rem 0}.muted{color:var(--muted)}.error{color:var(--bad)}.ok{color:var(--ok)}
`;

export interface PageFrame {
  pageName: string;
  /** The status page's address, linked from the header. */
  pageUrl: string;
}

/** A whole document. Not cached anywhere and not indexed: these pages belong to one reader. */
export function renderDocument(frame: PageFrame, title: string, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${title} · ${frame.pageName}</title><style>${new SafeHtml(STYLE)}</style></head>
<body><header><div class="wrap"><a href="${frame.pageUrl}">${frame.pageName}</a></div></header>
<main class="wrap">${body}</main></body></html>`}`;
}

/** Headers for these pages: never cached, never framed, no script or outside resource. */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};
