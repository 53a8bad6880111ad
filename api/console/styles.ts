// The console's one stylesheet, inline in every page (no request, nothing to cache wrongly).
// Mobile first: one column, 48 px targets, nothing wider than the screen; colours meet WCAG AA in
// the light and the dark scheme.
export const CONSOLE_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#57606a;--border:#8c959f;--surface:#f6f8fa;--link:#0550ae;--accent:#0550ae;--on-accent:#fff;--ok:#116329;--warn:#7d4e00;--bad:#a40e26;--bad-bg:#ffebe9}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9ea7b3;--border:#6e7681;--surface:#161b22;--link:#79c0ff;--accent:#79c0ff;--on-accent:#0d1117;--ok:#56d364;--warn:#e3b341;--bad:#ff7b72;--bad-bg:#3d1418}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;overflow-wrap:anywhere}
a{color:var(--link)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:var(--bg);padding:.5rem;z-index:2}
header.top{border-bottom:1px solid var(--border);padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
header.top .brand{font-weight:700;color:var(--fg);text-decoration:none}
nav.screens ul{list-style:none;margin:0;padding:.25rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem}
nav.screens a{display:inline-flex;align-items:center;min-height:44px;padding:0 .6rem;border-radius:.4rem;text-decoration:none}
nav.screens a[aria-current=page]{background:var(--accent);color:var(--on-accent)}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
label,legend{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=email],input[type=url],input[type=password],input[type=search],input[type=number],select,textarea{width:100%;min-height:48px;font:inherit;padding:.5rem;border:1px solid var(--border);border-radius:.4rem;background:var(--bg);color:var(--fg)}
textarea{min-height:9rem}
input[type=datetime-local]{width:100%;min-height:48px;font:inherit;padding:.5rem;border:1px solid var(--border);border-radius:.4rem;background:var(--bg);color:var(--fg)}
input[type=checkbox],input[type=radio]{width:1.5rem;height:1.5rem;vertical-align:middle;margin-right:.5rem}
.check{display:flex;align-items:center;min-height:48px;font-weight:400}
.check input{flex:none}
button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:48px;min-width:48px;font:inherit;font-weight:600;padding:.5rem 1rem;border-radius:.4rem;border:2px solid var(--accent);background:var(--accent);color:var(--on-accent);cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:transparent;color:var(--link)}
button.danger{background:var(--bad);border-color:var(--bad);color:var(--bg)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
fieldset{border:1px solid var(--border);border-radius:.5rem;margin:1rem 0;padding:.5rem 1rem 1rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
.card{border:1px solid var(--border);border-radius:.5rem;padding:1rem;margin:0 0 1rem;background:var(--surface)}
.list{list-style:none;margin:0;padding:0}.list>li{border-top:1px solid var(--border);padding:.75rem 0}
.muted{color:var(--muted)}.ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--bad)}
.alert{border:2px solid var(--bad);background:var(--bad-bg);border-radius:.5rem;padding:.5rem 1rem;margin:0 0 1rem}
.notice{border:2px solid var(--ok);border-radius:.5rem;padding:.5rem 1rem;margin:0 0 1rem}
.field-error{color:var(--bad);font-weight:600;margin:.25rem 0}
.preview{border:1px dashed var(--border);border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--surface);padding:.5rem;border-radius:.4rem;font-size:.9rem}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.grow{flex:1 1 12rem}
dl.diff{margin:0}dl.diff dt{font-family:monospace;margin-top:.5rem}dl.diff dd{margin:0 0 0 1rem}
.inline{display:inline}
input[type=date]{min-height:48px;font:inherit;padding:.5rem;border:1px solid var(--border);border-radius:.4rem;background:var(--bg);color:var(--fg);max-width:100%}
.table-box{max-width:100%;overflow-x:auto;border:1px solid var(--border);border-radius:.5rem;margin:0 0 1rem}
.table-box table{border-collapse:collapse;min-width:100%}
.table-box th,.table-box td{padding:.4rem .6rem;border-bottom:1px solid var(--border);text-align:left;vertical-align:top;white-space:nowrap}
.table-box tbody th{white-space:normal;min-width:12rem;font-weight:400}
.pm-item{border-top:1px solid var(--border);padding:.5rem 0 .75rem}
.pm-item input[type=date]{width:100%;min-height:48px;font:inherit;padding:.5rem;border:1px solid var(--border);border-radius:.4rem;background:var(--bg);color:var(--fg)}
.pm-report table{width:100%;border-collapse:collapse}.pm-report th,.pm-report td{text-align:left;padding:.25rem;border-bottom:1px solid var(--border);vertical-align:top;overflow-wrap:break-word}
.pm-report img{max-width:100%}
[draggable=true]{cursor:grab}.dragging{opacity:.5}
`;
