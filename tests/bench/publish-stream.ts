// Publish latency under a stream of updates: updates are posted at a fixed interval whatever the
// site is doing, so many arrive while a build runs, as during a real incident. Each update's
// latency runs from its admin POST returning until `/`, the incident page, /history.rss and
// /history.atom all serve it.
import { adminRequest } from './api-history.ts';
import { percentile } from './publish-latency.ts';
import type { BenchServer } from './server.ts';

const POLL_INTERVAL_MS = 50;
// Far beyond the targets: an update that never shows must fail the run, not hang it.
const PUBLISH_TIMEOUT_MS = 120_000;

export interface PublishStream {
  p50: number;
  p95: number;
  max: number;
  /** Each update's latency in ms, in the order posted. */
  samples: number[];
  intervalMs: number;
}

interface Pending {
  marker: string;
  postedAt: number;
  /** URLs not yet serving the marker. */
  waiting: Set<string>;
  /** Position in the stream; -1 for the opening, which is not a sample. */
  index: number;
}

export async function measurePublishStream(
  server: BenchServer,
  updates: number,
  intervalMs: number,
): Promise<PublishStream> {
  const runId = crypto.randomUUID().slice(0, 8);
  const opened = await adminRequest<{ id: string }>(server, 'POST', '/admin/v1/incidents', {
    name: `Benchmark incident ${runId}`,
    status: 'investigating',
    impact: 'minor',
    message: `Benchmark opened ${runId}.`,
    deliver_notifications: false,
  });
  const urls = ['/', `/incidents/${opened.id}/`, '/history.rss', '/history.atom'].map(
    (path) => server.url + path,
  );
  // The build the incident itself triggers is not counted.
  await waitForAll(
    [{ marker: `Benchmark opened ${runId}`, postedAt: 0, waiting: new Set(urls), index: -1 }],
    () => {},
  );

  const latencies: number[] = new Array(updates);
  const pending: Pending[] = [];
  let posting = true;
  const poster = (async () => {
    for (let i = 0; i < updates; i++) {
      const due = performance.now() + intervalMs;
      const marker = `benchmarker${runId}n${i}`;
      await adminRequest(server, 'POST', `/admin/v1/incidents/${opened.id}/updates`, {
        status: 'identified',
        message: `Still looking into it: ${marker}.`,
        deliver_notifications: false,
      });
      pending.push({ marker, postedAt: performance.now(), waiting: new Set(urls), index: i });
      if (i < updates - 1) await sleep(Math.max(0, due - performance.now()));
    }
    posting = false;
  })();
  let seen = 0;
  const deadline = () => performance.now() + PUBLISH_TIMEOUT_MS;
  let giveUpAt = deadline();
  while (posting || pending.length > 0) {
    if (pending.length === 0) {
      await sleep(POLL_INTERVAL_MS);
      continue;
    }
    if (performance.now() > giveUpAt)
      throw new Error(`"${pending[0]?.marker}" not served within ${PUBLISH_TIMEOUT_MS} ms`);
    const done = await pollOnce(pending);
    for (const entry of done) {
      latencies[entry.index] = Math.round(performance.now() - entry.postedAt);
      pending.splice(pending.indexOf(entry), 1);
      seen += 1;
      giveUpAt = deadline();
    }
    if (pending.length > 0) await sleep(POLL_INTERVAL_MS);
  }
  await poster;
  if (seen !== updates) throw new Error(`saw ${seen} of ${updates} updates published`);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    samples: latencies,
    intervalMs,
  };
}

// One fetch of each URL still awaited by anyone; returns the entries now served everywhere.
async function pollOnce(pending: Pending[]): Promise<Pending[]> {
  const urls = new Set(pending.flatMap((entry) => [...entry.waiting]));
  const bodies = new Map<string, string>();
  await Promise.all(
    [...urls].map(async (url) => {
      const response = await fetch(url);
      bodies.set(url, await response.text());
    }),
  );
  const done: Pending[] = [];
  for (const entry of pending) {
    for (const url of [...entry.waiting])
      if (bodies.get(url)?.includes(entry.marker)) entry.waiting.delete(url);
    if (entry.waiting.size === 0) done.push(entry);
  }
  return done;
}

async function waitForAll(entries: Pending[], onDone: (entry: Pending) => void): Promise<void> {
  const giveUpAt = performance.now() + PUBLISH_TIMEOUT_MS;
  while (entries.length > 0) {
    if (performance.now() > giveUpAt)
      throw new Error(`"${entries[0]?.marker}" not served within ${PUBLISH_TIMEOUT_MS} ms`);
    for (const entry of await pollOnce(entries)) {
      entries.splice(entries.indexOf(entry), 1);
      onDone(entry);
    }
    if (entries.length > 0) await sleep(POLL_INTERVAL_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
