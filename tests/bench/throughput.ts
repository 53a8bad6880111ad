// summary.json throughput against a floor: the same bytes as a plain file through the same server's
// static handler, so the ratio isolates what the API route costs over reading a file.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchServer } from './server.ts';

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;

export interface Throughput {
  /** Mean requests per second. */
  rps: number;
  /** 99th percentile latency, in ms. */
  p99: number;
}

export async function measureThroughput(
  server: BenchServer,
  seconds: number,
): Promise<{ summary: Throughput; staticFile: Throughput }> {
  const summaryUrl = `${server.url}/api/v2/summary.json`;
  const response = await fetch(summaryUrl);
  if (!response.ok) throw new Error(`GET ${summaryUrl}: ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  // `current` links to the live build; no rebuild is due now that publishing is measured and done.
  await writeFile(join(server.dataDir, 'site', 'current', 'bench-summary.json'), body);
  const staticUrl = `${server.url}/bench-summary.json`;
  const served = await fetch(staticUrl);
  const servedBody = new Uint8Array(await served.arrayBuffer());
  if (!served.ok || Buffer.compare(servedBody, body) !== 0) {
    throw new Error(`${staticUrl} does not serve the bytes of summary.json (${served.status})`);
  }

  const summary = await load(summaryUrl, seconds);
  const staticFile = await load(staticUrl, seconds);
  return { summary, staticFile };
}

// A short unmeasured run first: connections open, JIT and file caches warm on both sides.
export async function load(url: string, seconds: number, connections = CONNECTIONS): Promise<Throughput> {
  await run(url, WARMUP_SECONDS, connections);
  const result = await run(url, seconds, connections);
  return { rps: Math.round(result.requests.average), p99: result.latency.p99 };
}

async function run(url: string, seconds: number, connections: number) {
  const result = await autocannon({ url, connections, duration: seconds });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `${url}: ${failed} failed requests (${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx)`,
    );
  }
  return result;
}
