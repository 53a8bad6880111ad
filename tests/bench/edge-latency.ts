// summary.json through the Worker in workerd, locally, against the Node server, over the same data:
// what the Workers runtime and its local plumbing cost per request compared with `npm start`. Both
// over real HTTP on 127.0.0.1, one server after the other so that they never share the CPUs.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { openNodeDatabase } from '../../db/client.ts';
import { buildWorker, startWorker, tempWorkerDir } from '../support/worker.ts';
import { percentile } from './publish-latency.ts';
import { BENCH_PAGE_URL, prepareHistory, startBenchServer } from './server.ts';
import { load, type Throughput } from './throughput.ts';

const SUMMARY_PATH = '/api/v2/summary.json';
// Enough for the JIT on both sides and for every connection in the chain to be open.
export const EDGE_WARMUP_REQUESTS = 200;
// A handful of concurrent clients: enough to keep a single-threaded server busy, fewer than the
// throughput run's, so that the latency under load is not mostly time spent queueing.
export const EDGE_CONNECTIONS = 10;

export interface ServerLatency {
  /** The first summary.json after the server is up, connection included: it fills the public JSON cache. */
  firstMs: number;
  /** Sequential requests, one at a time, in ms. */
  p50: number;
  p95: number;
  p99: number;
  /** autocannon with EDGE_CONNECTIONS connections. */
  load: Throughput;
}

export interface EdgeLatency {
  incidents: number;
  requests: number;
  /** The size of summary.json, the same bytes from both servers. */
  bodyBytes: number;
  node: ServerLatency;
  worker: ServerLatency;
}

export interface EdgeOptions {
  incidents: number;
  /** Sequential requests measured per server. */
  requests: number;
  /** autocannon's measured duration. */
  seconds: number;
}

export async function measureEdgeLatency(options: EdgeOptions): Promise<EdgeLatency> {
  // The harness runs Wrangler in this process, which reads this: no usage reports from a benchmark.
  process.env.WRANGLER_SEND_METRICS = 'false';
  const dataDir = await prepareHistory(options.incidents);
  const copyDir = await mkdtemp(join(tmpdir(), 'candor-bench-edge-'));
  const build = tempWorkerDir();
  try {
    // Copied before the Node server opens the original, so the two never share a file and neither
    // sees what the other's start-up writes.
    const databaseFile = join(copyDir, 'candor.db');
    await copyDatabase(join(dataDir, 'candor.db'), databaseFile);
    const node = await measureNode(dataDir, options);
    const worker = await measureWorker(build.dir, databaseFile, options);
    // The same data must give the same bytes; anything else would make the comparison meaningless.
    if (Buffer.compare(node.body, worker.body) !== 0) {
      throw new Error(
        `summary.json differs between the Node server and the Worker:\n${node.body}\n${worker.body}`,
      );
    }
    return {
      incidents: options.incidents,
      requests: options.requests,
      bodyBytes: node.body.byteLength,
      node: node.latency,
      worker: worker.latency,
    };
  } finally {
    build.remove();
    await rm(copyDir, { recursive: true, force: true });
    // The server's stop() removes it too; this covers a failure before the server started.
    await rm(dataDir, { recursive: true, force: true });
  }
}

// VACUUM INTO rather than a file copy: the prepared data still sits in the WAL beside the file, and
// this writes one self-contained, consistent database.
async function copyDatabase(from: string, to: string): Promise<void> {
  const db = await openNodeDatabase(`file:${from}`);
  try {
    await db.execute({ sql: 'VACUUM INTO ?', args: [to] });
  } finally {
    db.close();
  }
}

async function measureNode(dataDir: string, options: EdgeOptions) {
  const server = await startBenchServer(dataDir, { demo: false });
  try {
    return await measureServer(server.url + SUMMARY_PATH, options);
  } finally {
    await server.stop();
  }
}

// The page address is the one the prepared history holds, so the migrate step leaves the page as it is.
async function measureWorker(buildDir: string, databaseFile: string, options: EdgeOptions) {
  await buildWorker(buildDir);
  const worker = await startWorker({ workerDir: buildDir, databaseFile, publicUrl: BENCH_PAGE_URL });
  try {
    const { url } = await worker.harness.listen();
    return await measureServer(new URL(SUMMARY_PATH, url).href, options);
  } finally {
    await worker.close();
  }
}

async function measureServer(
  url: string,
  options: EdgeOptions,
): Promise<{ latency: ServerLatency; body: Buffer }> {
  // One keep-alive connection, opened by the first request: node:http rather than fetch, so that
  // the client adds as little as it can to each sample.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await timedGet(agent, url);
    for (let i = 0; i < EDGE_WARMUP_REQUESTS; i++) await timedGet(agent, url);
    const samples: number[] = [];
    for (let i = 0; i < options.requests; i++) samples.push((await timedGet(agent, url)).ms);
    const throughput = await load(url, options.seconds, EDGE_CONNECTIONS);
    return {
      latency: {
        firstMs: round(first.ms),
        p50: round(percentile(samples, 50)),
        p95: round(percentile(samples, 95)),
        p99: round(percentile(samples, 99)),
        load: throughput,
      },
      body: first.body,
    };
  } finally {
    agent.destroy();
  }
}

/** From sending the request to the last byte of the body, in ms. */
function timedGet(agent: Agent, url: string): Promise<{ ms: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = get(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const ms = performance.now() - started;
        if (response.statusCode !== 200) reject(new Error(`GET ${url}: ${response.statusCode}`));
        else resolve({ ms, body: decoded(Buffer.concat(chunks), response.headers['content-encoding']) });
      });
    });
    request.on('error', reject);
  });
}

// Wrangler's dev proxy asks the Worker for a compressed body even when this client does not, and
// passes it on as it is: the bytes are compared once decoded.
function decoded(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

// Hundredths of a millisecond: sequential requests over loopback take well under one.
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
