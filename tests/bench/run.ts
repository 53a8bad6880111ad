// `npm run bench`: measures publish latency, summary.json throughput against a static file,
// server memory and page weight, then writes docs/benchmarks.md. Sizes: BENCH_SIZES=100,1000,10000.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { measurePageWeight } from './page-weight.ts';
import { measurePublishLatency } from './publish-latency.ts';
import { type BenchServer, prepareHistory, startBenchServer } from './server.ts';
import { measureThroughput } from './throughput.ts';

interface SizeResult {
  incidents: number;
  startupBuildMs: number;
  publish: { p50: number; p95: number; samples: number[] };
  summary: { rps: number; p99: number };
  staticFile: { rps: number; p99: number };
  rssMb: number;
  peakRssMb: number;
}

const sizes = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const publishSamples = Number(process.env.BENCH_PUBLISH_SAMPLES ?? 7);
const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? 10);

async function benchSize(incidents: number): Promise<SizeResult> {
  const dataDir = await prepareHistory(incidents);
  let server: BenchServer | undefined;
  try {
    server = await startBenchServer(dataDir, { demo: false });
    console.log(`[${incidents}] server up, first build ${server.startupMs} ms`);
    const publish = await measurePublishLatency(server, publishSamples);
    console.log(`[${incidents}] publish p50 ${publish.p50} ms, p95 ${publish.p95} ms`);
    const { summary, staticFile } = await measureThroughput(server, durationSeconds);
    console.log(`[${incidents}] summary.json ${summary.rps} req/s vs static ${staticFile.rps} req/s`);
    const memory = server.memory();
    return { incidents, startupBuildMs: server.startupMs, publish, summary, staticFile, ...memory };
  } finally {
    await server?.stop();
  }
}

function renderReport(results: SizeResult[], weight: Awaited<ReturnType<typeof measurePageWeight>>): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const rows = results.map(
    (r) =>
      `| ${r.incidents.toLocaleString('en')} | ${r.publish.p50} | ${r.publish.p95} | ${r.summary.rps} | ${r.summary.p99} | ${r.staticFile.rps} | ${r.staticFile.p99} | ${(r.summary.rps / r.staticFile.rps).toFixed(2)} | ${r.rssMb} (peak ${r.peakRssMb}) | ${r.startupBuildMs} |`,
  );
  return `# Benchmarks

Measured by \`npm run bench\` (tests/bench/run.ts) on ${new Date().toISOString().slice(0, 10)},
Node ${process.version}, ${cpus().length} × ${cpu}. The figures below are written by the script; do not edit them by hand.

- **Publish latency**: from an admin \`POST /admin/v1/incidents/{id}/updates\` returning to the rebuilt \`/\`,
  the incident page, \`/history.rss\` and \`/history.atom\` all serving the new update (${publishSamples} updates; the
  server's default rebuild debounce of 300 ms included). Targets: p50 ≤ 3 s at 1,000 incidents, ≤ 10 s at 10,000.
- **summary.json throughput**: autocannon, 50 connections, ${durationSeconds} s, against \`/api/v2/summary.json\` and
  against the same bytes served as a plain static file by the same server. Target ratio ≥ 0.8.
- **Server memory**: resident set size of the server process (the Astro build runs in a child process and is
  not counted) after the runs above; peak is the process's high-water mark. Target ≤ 150 MB at 10,000 incidents.

| incidents | publish p50 (ms) | publish p95 (ms) | summary.json req/s | summary p99 (ms) | static req/s | static p99 (ms) | ratio | server RSS (MB) | first build (ms) |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

**Page weight** of \`/\` with the demo data: ${weight.totalBytes.toLocaleString('en')} bytes uncompressed
(HTML ${weight.htmlBytes.toLocaleString('en')}, CSS ${weight.cssBytes.toLocaleString('en')}, JS ${weight.jsBytes.toLocaleString('en')}; inline CSS and JS are part of the HTML). Target ≤ 60 KB (61,440 bytes).
`;
}

// The README's short version, between two markers, so its figures are always the measured ones.
function renderSummary(results: SizeResult[], weight: Awaited<ReturnType<typeof measurePageWeight>>): string {
  const rows = results.map(
    (r) =>
      `| ${r.incidents.toLocaleString('en')} | ${(r.publish.p50 / 1000).toFixed(1)} s / ${(r.publish.p95 / 1000).toFixed(1)} s | ${r.summary.rps.toLocaleString('en')} req/s, p99 ${r.summary.p99} ms | ${(r.summary.rps / r.staticFile.rps).toFixed(2)} | ${r.rssMb} MB |`,
  );
  return `| incidents | publish p50 / p95 | summary.json | ratio to a static file | server RSS |
|---|---|---|---|---|
${rows.join('\n')}

Page weight of \`/\` with the demo data: ${weight.totalBytes.toLocaleString('en')} bytes (HTML + CSS + JS, uncompressed).
Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}.`;
}

function updateReadme(summary: string): void {
  const readmeUrl = new URL('../../README.md', import.meta.url);
  const readme = readFileSync(readmeUrl, 'utf8');
  const pattern = /(<!-- bench:start -->)[\s\S]*?(<!-- bench:end -->)/;
  if (!pattern.test(readme))
    throw new Error('README.md lacks the <!-- bench:start --> / <!-- bench:end --> markers');
  writeFileSync(
    readmeUrl,
    readme.replace(pattern, (_, start: string, end: string) => `${start}\n${summary}\n${end}`),
  );
}

const results: SizeResult[] = [];
for (const size of sizes) results.push(await benchSize(size));
const weight = await measurePageWeight();
console.log(`page weight of / with demo data: ${weight.totalBytes} bytes`);
const report = renderReport(results, weight);
const reportUrl = new URL('../../docs/benchmarks.md', import.meta.url);
mkdirSync(new URL('.', reportUrl), { recursive: true });
writeFileSync(reportUrl, report);
updateReadme(renderSummary(results, weight));
console.log(report);
