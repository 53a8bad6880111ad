// The publish part of `npm run bench` (BENCH_PARTS=publish): for each size, an empty server gets
// its whole history through the admin API (back-dated, one incident every 2 hours), then a stream
// of updates 1.5 s apart, each timed until `/`, its incident page and both feeds serve it. Server
// memory is read from outside (/proc/<pid>/status) after the writes and after the stream.
import { mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistoryThroughApi } from './api-history.ts';
import { measurePublishStream, type PublishStream } from './publish-stream.ts';
import { replaceSection } from './report-sections.ts';
import { type ServerMemory, startBenchServer } from './server.ts';

export interface PublishResult {
  incidents: number;
  historyWrites: number;
  historyMs: number;
  firstBuildMs: number;
  publish: PublishStream;
  afterWrites: ServerMemory;
  afterPublish: ServerMemory;
}

export const PUBLISH_INTERVAL_MS = 1500;

export async function benchPublish(incidents: number, updates: number): Promise<PublishResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'candor-bench-'));
  const server = await startBenchServer(dataDir, { demo: false });
  try {
    const history = await createHistoryThroughApi(server, incidents);
    console.log(
      `[publish ${incidents}] ${history.writes} writes through the API in ${history.durationMs} ms`,
    );
    const afterWrites = server.memory();
    const publish = await measurePublishStream(server, updates, PUBLISH_INTERVAL_MS);
    const afterPublish = server.memory();
    console.log(
      `[publish ${incidents}] p50 ${publish.p50} ms, p95 ${publish.p95} ms, max ${publish.max} ms; RSS ${afterPublish.rssMb} MB`,
    );
    return {
      incidents,
      historyWrites: history.writes,
      historyMs: history.durationMs,
      firstBuildMs: server.startupMs,
      publish,
      afterWrites,
      afterPublish,
    };
  } finally {
    await server.stop();
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The publish section of docs/benchmarks.md and the README's short version. */
export function writePublishReport(results: PublishResult[], docsUrl: URL, readmeUrl: URL): void {
  const date = new Date().toISOString().slice(0, 10);
  // The machine may be shared: its load says how far these figures are from an idle machine's.
  const load = loadavg()[1]?.toFixed(1) ?? '?';
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} (load average over the last 5 minutes: ${load})`;
  const updates = results[0]?.publish.samples.length ?? 0;
  const rows = results.map(
    (r) =>
      `| ${r.incidents.toLocaleString('en')} | ${r.historyWrites.toLocaleString('en')} in ${seconds(r.historyMs)} s | ${r.publish.p50} | ${r.publish.p95} | ${r.publish.max} | ${r.afterWrites.rssMb} | ${r.afterPublish.rssMb} (peak ${r.afterPublish.peakRssMb}) |`,
  );
  replaceSection(
    docsUrl,
    'bench-publish',
    `## Publish latency and server memory

Measured by \`BENCH_PARTS=publish npm run bench\` (tests/bench/publish-part.ts) on ${date}, Node ${process.version},
${machine}. Written by the script.

- **History**: an empty server (\`npm start\`, \`CANDOR_DEMO=0\`) gets 8 components, then every incident through
  \`POST /admin/v1/incidents\` (resolved, back-dated one every 2 hours up to now, 4 requests in flight), while
  it publishes the site as usual.
- **Publish latency**: then ${updates} updates to one open incident are posted ${PUBLISH_INTERVAL_MS / 1000} s apart, whether or
  not the previous one is out yet, so most arrive while a build runs. Each is timed from its \`POST\` returning until
  \`/\`, the incident page, \`/history.rss\` and \`/history.atom\` all serve it (polled every 50 ms; the server's
  default rebuild debounce of 100 ms included). Targets: p50 ≤ 1 s at 1,000 incidents, ≤ 2 s at 10,000, p95 ≤ 3 s.
- **Server memory**: resident set size of the server process from \`/proc/<pid>/status\` (the site renderer is a
  child process of its own and not counted), after the history's writes and after the updates. Target ≤ 150 MB at 10,000.

| incidents | writes through the API | publish p50 (ms) | p95 (ms) | max (ms) | RSS after writes (MB) | RSS after updates (MB) |
|---|---|---|---|---|---|---|
${rows.join('\n')}`,
  );
  const readmeRows = results.map(
    (r) =>
      `| ${r.incidents.toLocaleString('en')} | ${seconds(r.publish.p50)} s / ${seconds(r.publish.p95)} s / ${seconds(r.publish.max)} s | ${r.afterPublish.rssMb} MB |`,
  );
  replaceSection(
    readmeUrl,
    'bench-publish',
    `| incidents (created through the API) | publish p50 / p95 / max, updates ${PUBLISH_INTERVAL_MS / 1000} s apart | server RSS after the writes and updates |
|---|---|---|
${readmeRows.join('\n')}

Measured ${date} on ${machine}.`,
  );
}
