// The open-tab and storm sections of docs/benchmarks.md and their short versions in the README,
// written by the script from what it measured.
import { cpus, loadavg } from 'node:os';
import type { OpenTabResult } from './open-tab.ts';
import { replaceSection } from './report-sections.ts';
import type { StormResult } from './storm.ts';

const KB = 1024;
const FRONT_BOUND_BYTES = 100 * KB;
const TAB_TARGET_MS = 5_000;

// The machine may be shared: its load says how far these figures are from an idle machine's.
function machine(): string {
  const load = loadavg()[1]?.toFixed(1) ?? '?';
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} (load average over the last 5 minutes: ${load})`;
}

const today = () => new Date().toISOString().slice(0, 10);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const bytes = (n: number) => n.toLocaleString('en');
const verdict = (ok: boolean) => (ok ? 'within' : '**over**');

export function writeOpenTabReport(result: OpenTabResult, docsUrl: URL, readmeUrl: URL): void {
  const row = (name: string, r: OpenTabResult['frontPage']) =>
    `| ${name} | ${r.p50} | ${r.p95} | ${r.max} | ${verdict(r.max <= TAB_TARGET_MS)} |`;
  const idleRow = (name: string, r: OpenTabResult['idle']['frontPage']) =>
    `| ${name} | ${r.perMinute} | ${r.summaryPerMinute} | ${Math.round(r.notModifiedShare * 100)} % | ${bytes(r.bytesPerMinute)} |`;
  replaceSection(
    docsUrl,
    'bench-open-tab',
    `## Open tabs: latency and load per viewer

Measured by \`BENCH_PARTS=open-tab npm run bench\` (tests/bench/open-tab.ts) on ${today()}, Node ${process.version},
${machine()}. Written by the script.

- **Setup**: an empty server (\`npm start\`, \`CANDOR_DEMO=0\`, its default live refresh of ${result.refreshSeconds} s) gets
  ${result.history.toLocaleString('en')} resolved incidents and one open incident through the admin API. Debian's Chromium
  (headless, playwright-core) opens \`/\` and the open incident's page, each in a browser context of its own: two viewers.
- **Idle load**: after 5 s to settle, every request either tab completes over ${result.idleSeconds} s is counted (the live
  script's checks of \`/api/v2/summary.json\`, conditional: a \`304\` while nothing changed). A request sent with
  \`If-None-Match\` and answered without a body counts as a 304 (Chromium hands the page its cached 200 then);
  bytes are the response headers and bodies as transferred. Target: one small conditional request per viewer per
  few seconds.
- **Latency**: ${result.samples} updates (markdown in the message) posted to the open incident, each 2 to 5 s (at random)
  after the previous one showed, and timed from its \`POST\` returning until the tab's DOM shows it inside a
  \`[data-live-fragment]\` (checked in the page every 50 ms): the check's period, the site's rebuild and the fetch of
  the rebuilt page included. Target: within 5 s on the Node server.

| tab | p50 (ms) | p95 (ms) | max (ms) | 5 s target |
|---|---|---|---|---|
${row('`/`', result.frontPage)}
${row('incident page', result.incidentPage)}

| idle tab | requests / min | of them summary.json / min | answered 304 | response bytes / min |
|---|---|---|---|---|
${idleRow('`/`', result.idle.frontPage)}
${idleRow('incident page', result.idle.incidentPage)}`,
  );
  replaceSection(
    readmeUrl,
    'bench-open-tab',
    `| tab open in Chromium | new update shown p50 / p95 / max | idle requests per viewer |
|---|---|---|
| \`/\` | ${seconds(result.frontPage.p50)} s / ${seconds(result.frontPage.p95)} s / ${seconds(result.frontPage.max)} s | ${result.idle.frontPage.perMinute} / min, ${Math.round(result.idle.frontPage.notModifiedShare * 100)} % answered 304 |
| incident page | ${seconds(result.incidentPage.p50)} s / ${seconds(result.incidentPage.p95)} s / ${seconds(result.incidentPage.max)} s | ${result.idle.incidentPage.perMinute} / min, ${Math.round(result.idle.incidentPage.notModifiedShare * 100)} % answered 304 |

${result.samples} updates; measured ${today()} on ${machine()}.`,
  );
}

export function writeStormReport(results: StormResult[], docsUrl: URL, readmeUrl: URL): void {
  const span = (r: StormResult) => (r.span === 'day' ? 'one day' : 'one week');
  const rows = results.map(
    (r) =>
      `| ${r.incidents.toLocaleString('en')} in ${span(r)} | ${seconds(r.writesMs)} s | ${bytes(r.front.totalBytes)} (HTML ${bytes(r.front.htmlBytes)}) | ${r.moreOnFront === null ? '–' : r.moreOnFront.toLocaleString('en')} | ${bytes(r.heaviestMonth.totalBytes)} (\`${r.heaviestMonth.path}\`) | ${r.monthPages} | ${r.span === 'day' && r.incidents >= 2000 ? verdict(r.front.totalBytes <= FRONT_BOUND_BYTES) : '–'} |`,
  );
  replaceSection(
    docsUrl,
    'bench-storm',
    `## Incident storms: page weight

Measured by \`BENCH_PARTS=storm npm run bench\` (tests/bench/storm.ts) on ${today()}, Node ${process.version},
${machine()}. Written by the script.

- **Storm**: an empty server (\`npm start\`, \`CANDOR_DEMO=0\`) gets 8 components, then every incident through
  \`POST /admin/v1/incidents\` (4 requests in flight), their starts spread evenly over the current UTC day up to now
  (or the last 7 days); every hundredth is left open, the others resolved. The pages are weighed once the history
  lists every incident.
- **Weight**: the HTML plus each same-origin stylesheet and script it loads, once each, uncompressed (inline CSS and
  JS are part of the HTML), as tests/site/page-weight.test.ts counts. The heaviest month page is the heaviest of
  every page of every month, following each month's "Older" links. Bound: \`/\` ≤ 100 KB (${bytes(FRONT_BOUND_BYTES)} bytes)
  after 2,000 incidents in one day.

| storm | writes through the API | \`/\` bytes | "and N more" on \`/\`, all days | heaviest history month page, bytes | month pages | 100 KB bound |
|---|---|---|---|---|---|---|
${rows.join('\n')}`,
  );
  const readmeRows = results.map(
    (r) =>
      `| ${r.incidents.toLocaleString('en')} in ${span(r)} | ${(r.front.totalBytes / KB).toFixed(1)} KB | ${(r.heaviestMonth.totalBytes / KB).toFixed(1)} KB (${r.monthPages} month pages) |`,
  );
  replaceSection(
    readmeUrl,
    'bench-storm',
    `| incidents started through the API | \`/\` (HTML + CSS + JS) | heaviest history month page |
|---|---|---|
${readmeRows.join('\n')}

Measured ${today()} on ${machine()}.`,
  );
}
