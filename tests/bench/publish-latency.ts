// Publish latency: how long after an admin update returns until every public place that shows it
// (the front page, the incident page and both feeds) serves the rebuilt site with it.
import type { BenchServer } from './server.ts';

const POLL_INTERVAL_MS = 50;
// Far beyond the 10 s target at 10,000 incidents: a rebuild that never lands must fail the run.
const PUBLISH_TIMEOUT_MS = 300_000;

export interface PublishLatency {
  p50: number;
  p95: number;
  /** Each sample, in ms, in the order taken. */
  samples: number[];
}

export async function measurePublishLatency(server: BenchServer, samples: number): Promise<PublishLatency> {
  // Markers are plain words: markdown and HTML escaping leave them as they are.
  const runId = crypto.randomUUID().slice(0, 8);
  const opened = await admin<{ id: string }>(server, 'POST', '/admin/v1/incidents', {
    name: `Benchmark incident ${runId}`,
    status: 'investigating',
    impact: 'minor',
    message: `Benchmark opened ${runId}.`,
  });
  const pages = publicPages(server, opened.id);
  // The rebuild the incident itself triggers must not be counted in the first sample.
  await waitUntilAllContain(pages, `Benchmark opened ${runId}`);

  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const marker = `benchmarker${runId}n${i}`;
    await admin(server, 'POST', `/admin/v1/incidents/${opened.id}/updates`, {
      status: 'identified',
      message: `Still looking into it: ${marker}.`,
    });
    const posted = performance.now();
    await waitUntilAllContain(pages, marker);
    latencies.push(Math.round(performance.now() - posted));
  }
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), samples: latencies };
}

function publicPages(server: BenchServer, incidentId: string): string[] {
  return ['/', `/incidents/${incidentId}/`, '/history.rss', '/history.atom'].map((path) => server.url + path);
}

async function waitUntilAllContain(urls: string[], marker: string): Promise<void> {
  const deadline = performance.now() + PUBLISH_TIMEOUT_MS;
  const pending = new Set(urls);
  while (pending.size > 0) {
    if (performance.now() > deadline) {
      throw new Error(`"${marker}" not served within ${PUBLISH_TIMEOUT_MS} ms by ${[...pending].join(', ')}`);
    }
    await Promise.all(
      [...pending].map(async (url) => {
        const response = await fetch(url);
        if ((await response.text()).includes(marker)) pending.delete(url);
      }),
    );
    if (pending.size > 0) await sleep(POLL_INTERVAL_MS);
  }
}

async function admin<T>(server: BenchServer, method: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
