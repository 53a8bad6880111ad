// `npm run bench`: measures publish latency and server memory with history written through the API
// (tests/bench/publish-part.ts), summary.json throughput against a static file, page weight,
// summary.json through the Worker in workerd against the Node server, an email fan-out to 10,000
// subscribers, open tabs in Chromium (tests/bench/open-tab.ts) and incident storms
// (tests/bench/storm.ts), then writes its sections of docs/benchmarks.md and the README.
// Parts: BENCH_PARTS=publish,throughput,edge,fan-out,open-tab,storm (all by default; BENCH_ONLY=fan-out is
// BENCH_PARTS=fan-out, BENCH_FANOUT=0 and BENCH_EDGE=0 leave those parts out); sizes:
// BENCH_SIZES=100,1000,10000 (BENCH_PUBLISH_SIZES=1000,10000 for the publish part), BENCH_TAB_SAMPLES,
// BENCH_TAB_HISTORY, BENCH_TAB_IDLE_SECONDS (open-tab), BENCH_STORM_INCIDENTS, BENCH_STORM_WEEK=1 with
// BENCH_STORM_WEEK_INCIDENTS (storm).
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import {
  EDGE_CONNECTIONS,
  EDGE_WARMUP_REQUESTS,
  type EdgeLatency,
  measureEdgeLatency,
} from './edge-latency.ts';
import { type FanOutResult, measureFanOut } from './fan-out.ts';
import { renderFanOutSection, renderFanOutSummary } from './fan-out-report.ts';
import { benchOpenTab } from './open-tab.ts';
import { measurePageWeight } from './page-weight.ts';
import { benchPublish, type PublishResult, writePublishReport } from './publish-part.ts';
import { replaceSection } from './report-sections.ts';
import { type BenchServer, prepareHistory, startBenchServer } from './server.ts';
import { benchStorm, type StormResult, type StormScenario } from './storm.ts';
import { writeOpenTabReport, writeStormReport } from './tab-storm-report.ts';
import { measureThroughput } from './throughput.ts';

interface SizeResult {
  incidents: number;
  startupBuildMs: number;
  summary: { rps: number; p99: number };
  staticFile: { rps: number; p99: number };
  rssMb: number;
  peakRssMb: number;
}

const only = process.env.BENCH_ONLY;
if (only !== undefined && only !== 'fan-out') throw new Error(`BENCH_ONLY=${only}: only "fan-out" is known`);
const parts = new Set(
  (only ?? process.env.BENCH_PARTS ?? 'publish,throughput,edge,fan-out,open-tab,storm').split(','),
);
const sizes = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const publishSizes = (process.env.BENCH_PUBLISH_SIZES ?? '1000,10000').split(',').map(Number);
const publishSamples = Number(process.env.BENCH_PUBLISH_SAMPLES ?? 20);
const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const edgeEnabled = parts.has('edge') && process.env.BENCH_EDGE !== '0';
// The middle size of the table above, the one the publish target is set for.
const edgeIncidents = Number(process.env.BENCH_EDGE_INCIDENTS ?? 1000);
const edgeRequests = Number(process.env.BENCH_EDGE_REQUESTS ?? 2000);
const fanOutEnabled = parts.has('fan-out') && process.env.BENCH_FANOUT !== '0';
const fanOutSubscribers = Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 10_000);
const fanOutRate = Number(process.env.BENCH_FANOUT_RATE ?? 5);
const tabSamples = Number(process.env.BENCH_TAB_SAMPLES ?? 10);
const tabHistory = Number(process.env.BENCH_TAB_HISTORY ?? 100);
const tabIdleSeconds = Number(process.env.BENCH_TAB_IDLE_SECONDS ?? 60);
// The issue's bound: `/` ≤ 100 KB after 2,000 incidents started in one day; the week storm (10,000
// incidents in 7 days, ~10 minutes of API writes here) runs on request.
const stormScenarios: StormScenario[] = [
  { name: 'day', span: 'day', incidents: Number(process.env.BENCH_STORM_INCIDENTS ?? 2000) },
  ...(process.env.BENCH_STORM_WEEK === '1'
    ? [
        {
          name: 'week',
          span: 'week' as const,
          incidents: Number(process.env.BENCH_STORM_WEEK_INCIDENTS ?? 10_000),
        },
      ]
    : []),
];

async function benchFanOut(): Promise<FanOutResult[]> {
  const results: FanOutResult[] = [];
  for (const chaos of [false, true]) {
    const run = await measureFanOut({
      name: chaos ? '429s, 500s and a SIGKILL + restart' : 'clean',
      subscribers: fanOutSubscribers,
      requestsPerSecond: fanOutRate,
      chaos,
    });
    console.log(
      `[fan-out ${run.name}] last email after ${run.lastDeliveryMs} ms (floor ${run.floorMs} ms), lost ${run.lost}, duplicated ${run.duplicated}, calls ${JSON.stringify(run.calls)}`,
    );
    results.push(run);
  }
  return results;
}

async function benchSize(incidents: number): Promise<SizeResult> {
  const dataDir = await prepareHistory(incidents);
  let server: BenchServer | undefined;
  try {
    server = await startBenchServer(dataDir, { demo: false });
    console.log(`[${incidents}] server up, first build ${server.startupMs} ms`);
    const { summary, staticFile } = await measureThroughput(server, durationSeconds);
    console.log(`[${incidents}] summary.json ${summary.rps} req/s vs static ${staticFile.rps} req/s`);
    const memory = server.memory();
    return { incidents, startupBuildMs: server.startupMs, summary, staticFile, ...memory };
  } finally {
    await server?.stop();
  }
}

async function benchEdge(): Promise<EdgeLatency> {
  const started = performance.now();
  const edge = await measureEdgeLatency({
    incidents: edgeIncidents,
    requests: edgeRequests,
    seconds: durationSeconds,
  });
  for (const [name, r] of [
    ['node', edge.node],
    ['worker', edge.worker],
  ] as const) {
    console.log(
      `[edge] ${name}: first ${r.firstMs} ms, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${r.load.rps} req/s (p99 ${r.load.p99} ms)`,
    );
  }
  console.log(`[edge] took ${Math.round((performance.now() - started) / 1000)} s`);
  return edge;
}

function renderReport(
  results: SizeResult[],
  weight: Awaited<ReturnType<typeof measurePageWeight>>,
  edge: EdgeLatency | undefined,
): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const rows = results.map(
    (r) =>
      `| ${r.incidents.toLocaleString('en')} | ${r.summary.rps} | ${r.summary.p99} | ${r.staticFile.rps} | ${r.staticFile.p99} | ${(r.summary.rps / r.staticFile.rps).toFixed(2)} | ${r.rssMb} (peak ${r.peakRssMb}) | ${r.startupBuildMs} |`,
  );
  return `## Throughput, page weight, memory with a prepared history

Measured by \`BENCH_PARTS=throughput,edge npm run bench\` (tests/bench/run.ts) on ${new Date().toISOString().slice(0, 10)},
Node ${process.version}, ${cpus().length} × ${cpu}. The figures below are written by the script; do not edit them by hand.
The history here is written straight into the database (tests/bench/history-fixture.ts), which is quick; publish
latency and memory after writes through the API are in the section above.

- **summary.json throughput**: autocannon, 50 connections, ${durationSeconds} s, against \`/api/v2/summary.json\` and
  against the same bytes served as a plain static file by the same server. Target ratio ≥ 0.8.
- **Server memory**: resident set size of the server process (the Astro build runs in a child process and is
  not counted) after the runs above; peak is the process's high-water mark. Target ≤ 150 MB at 10,000 incidents.

| incidents | summary.json req/s | summary p99 (ms) | static req/s | static p99 (ms) | ratio | server RSS (MB) | first build (ms) |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

**Page weight** of \`/\` with the demo data: ${weight.totalBytes.toLocaleString('en')} bytes uncompressed
(HTML ${weight.htmlBytes.toLocaleString('en')}, CSS ${weight.cssBytes.toLocaleString('en')}, JS ${weight.jsBytes.toLocaleString('en')}; inline CSS and JS are part of the HTML). Target ≤ 30 KB (30,720 bytes).
${edge ? `\n${renderEdgeSection(edge)}` : ''}`;
}

// Sequential samples in hundredths of a millisecond; autocannon counts whole milliseconds, so its 0 means under one.
const fixedMs = (ms: number) => ms.toFixed(2);
const wholeMs = (ms: number) => (ms < 1 ? '< 1' : String(ms));

function renderEdgeSection(edge: EdgeLatency): string {
  const row = (name: string, r: EdgeLatency['node']) =>
    `| ${name} | ${fixedMs(r.firstMs)} | ${fixedMs(r.p50)} | ${fixedMs(r.p95)} | ${fixedMs(r.p99)} | ${r.load.rps.toLocaleString('en')} | ${wholeMs(r.load.p99)} |`;
  return `## summary.json: the Node server and the Worker in workerd

Both serve one prepared history of ${edge.incidents.toLocaleString('en')} resolved incidents (the Worker a copy of
the Node server's database) and send the same ${edge.bodyBytes.toLocaleString('en')}-byte summary.json, checked byte
for byte. summary.json lists only unresolved incidents, so the history's size bears on the queries behind the first
request, not on the body.

- **Node server**: \`npm start\` in a process of its own, its database a local file, as when self-hosted.
- **Worker**: the bundle \`wrangler deploy --dry-run\` makes, run by workerd through Wrangler's test harness
  (tests/support/worker.ts), its database in the dev libSQL server (tests/support/libsql-http-server.ts) over HTTP.
- **First request**: the first summary.json once the server is up, one sample, opening the connection included; it
  fills the public JSON cache from the database. Up means after the first site build for the Node server (its
  process and database connection are warm by then) and after workerd has loaded the Worker.
- **One at a time**: ${EDGE_WARMUP_REQUESTS} unmeasured requests, then ${edge.requests.toLocaleString('en')} sequential requests over one
  keep-alive connection, each timed by the benchmark process from sending it to the last byte of the body.
- **Under load**: autocannon, ${EDGE_CONNECTIONS} connections, ${durationSeconds} s after a short warm-up.

Included, and not: both servers run on this machine, over loopback HTTP/1.1 without TLS, sharing the CPUs with the
load generator. Nearly every request is answered from the public JSON held in memory (api/public/cache.ts), in the
Node process and in the Worker's isolate alike; the cache's periodic data-version check, one small query, falls
within the runs. The Worker's requests pass through Wrangler's local dev proxy, a second workerd process that
forwards each one to the Worker's, as under \`wrangler dev\`, and each creates a libSQL web client. Its queries leave
workerd through Wrangler's outbound handler in the benchmark's Node process to the dev libSQL server, which runs in
that same process over a local file: a few loopback hops where a deployment crosses the network to Turso.
Cloudflare's network (TLS, routing, the distance to a visitor), Turso's latency and many isolates in many locations
are not measured: these figures compare the two runtimes on one machine, not what a visitor of a deployed Worker sees.

| server | first request (ms) | p50 (ms) | p95 (ms) | p99 (ms) | req/s, ${EDGE_CONNECTIONS} connections | p99 under load (ms) |
|---|---|---|---|---|---|---|
${row('Node server (`npm start`)', edge.node)}
${row('Worker in workerd (local)', edge.worker)}
`;
}

// The README's short version, between two markers, so its figures are always the measured ones.
function renderSummary(
  results: SizeResult[],
  weight: Awaited<ReturnType<typeof measurePageWeight>>,
  edge: EdgeLatency | undefined,
): string {
  const rows = results.map(
    (r) =>
      `| ${r.incidents.toLocaleString('en')} | ${r.summary.rps.toLocaleString('en')} req/s, p99 ${r.summary.p99} ms | ${(r.summary.rps / r.staticFile.rps).toFixed(2)} | ${r.rssMb} MB |`,
  );
  return `| incidents (prepared history) | summary.json | ratio to a static file | server RSS |
|---|---|---|---|
${rows.join('\n')}

Page weight of \`/\` with the demo data: ${weight.totalBytes.toLocaleString('en')} bytes (HTML + CSS + JS, uncompressed).${edge ? `\n${renderEdgeSummary(edge)}` : ''}
Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}.`;
}

function renderEdgeSummary(edge: EdgeLatency): string {
  const { node, worker } = edge;
  return `The Worker in workerd, locally (no network; through Wrangler's dev proxy), answers summary.json over
${edge.incidents.toLocaleString('en')} incidents one request at a time in p50 ${fixedMs(worker.p50)} / p99 ${fixedMs(worker.p99)} ms, the Node server in ${fixedMs(node.p50)} / ${fixedMs(node.p99)} ms;
with ${EDGE_CONNECTIONS} connections ${worker.load.rps.toLocaleString('en')} vs ${node.load.rps.toLocaleString('en')} req/s.`;
}

const readmeUrl = new URL('../../README.md', import.meta.url);
const reportUrl = new URL('../../docs/benchmarks.md', import.meta.url);
mkdirSync(new URL('.', reportUrl), { recursive: true });
replaceSection(reportUrl, 'bench-title', '# Benchmarks');
const started = performance.now();

if (parts.has('publish')) {
  const publishResults: PublishResult[] = [];
  for (const size of publishSizes) publishResults.push(await benchPublish(size, publishSamples));
  writePublishReport(publishResults, reportUrl, readmeUrl);
}
if (parts.has('throughput')) {
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await benchSize(size));
  const weight = await measurePageWeight();
  console.log(`page weight of / with demo data: ${weight.totalBytes} bytes`);
  const edge = edgeEnabled ? await benchEdge() : undefined;
  replaceSection(reportUrl, 'bench-main', renderReport(results, weight, edge));
  replaceSection(readmeUrl, 'bench', renderSummary(results, weight, edge));
}
if (fanOutEnabled) {
  const fanOut = await benchFanOut();
  replaceSection(readmeUrl, 'bench-fan-out', renderFanOutSummary(fanOut));
  replaceSection(reportUrl, 'bench-fan-out', renderFanOutSection(fanOut));
  console.log(renderFanOutSection(fanOut));
}
if (parts.has('open-tab')) {
  const tab = await benchOpenTab({ samples: tabSamples, history: tabHistory, idleSeconds: tabIdleSeconds });
  writeOpenTabReport(tab, reportUrl, readmeUrl);
}
if (parts.has('storm')) {
  const storms: StormResult[] = [];
  for (const scenario of stormScenarios) storms.push(await benchStorm(scenario));
  writeStormReport(storms, reportUrl, readmeUrl);
}
console.log(`bench: done in ${Math.round((performance.now() - started) / 1000)} s; see docs/benchmarks.md`);
