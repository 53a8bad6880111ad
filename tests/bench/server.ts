// The server under benchmark: the real `npm start` entry point in a child process of its own, so
// its memory is measured apart from the benchmark (autocannon, polling) and from the Astro build.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePage } from '../../api/services/page.ts';
import { openNodeDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';
import { PROJECT_ROOT, startCommandArguments } from '../support/start-command.ts';
import { insertBenchHistory } from './history-fixture.ts';

// The first build of 10,000 incidents takes tens of seconds; far beyond that something is wrong.
const STARTUP_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 10_000;
// The page address in a prepared history. The port is not known yet; the url only shows in links,
// feeds and the JSON's `page.url`, whose value no figure depends on. The Worker is given it too, so
// that both servers send the same bytes.
export const BENCH_PAGE_URL = 'http://127.0.0.1';

export interface ServerMemory {
  /** Resident set size now (VmRSS), in MB. */
  rssMb: number;
  /** The process's resident high-water mark (VmHWM), in MB. */
  peakRssMb: number;
}

export interface BenchServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  token: string;
  dataDir: string;
  /** From spawning the process to `/` answering 200, i.e. including the first site build. */
  startupMs: number;
  memory: () => ServerMemory;
  /** Stops the process and removes its data folder. */
  stop: () => Promise<void>;
  /** SIGKILLs the process, as a crash or the OOM killer would; the data folder stays. */
  kill: () => Promise<void>;
}

export interface BenchServerOptions {
  demo: boolean;
  /** Settings beyond the benchmark's own (e.g. RESEND_API_KEY). */
  env?: Record<string, string>;
  /** The port to listen on, e.g. a killed server's again; a free one when unset. */
  port?: number;
}

/** A temp data folder whose database is migrated, has its page, and holds `incidents` resolved incidents. */
export async function prepareHistory(incidents: number): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'candor-bench-'));
  try {
    const db = await openNodeDatabase(`file:${join(dataDir, 'candor.db')}`);
    try {
      await migrate(db, await readMigrationFiles());
      const now = new Date().toISOString();
      await ensurePage(db, { name: 'Candor Bench', url: BENCH_PAGE_URL, time_zone: 'UTC' }, now);
      await insertBenchHistory(db, incidents);
    } finally {
      db.close();
    }
    return dataDir;
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts `node api/node.ts` on `dataDir` and resolves once the first site build is served. */
export async function startBenchServer(dataDir: string, options: BenchServerOptions): Promise<BenchServer> {
  const port = options.port ?? (await findFreePort());
  const token = options.env?.CANDOR_ADMIN_TOKEN ?? `bench-token-${crypto.randomUUID()}`;
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, startCommandArguments(), {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      CANDOR_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      CANDOR_ADMIN_TOKEN: token,
      CANDOR_DEMO: options.demo ? '1' : '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const stop = () => stopServer(child, dataDir);
  try {
    await waitUntilServed(`${url}/`, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  const startupMs = Math.round(performance.now() - started);
  const pid = child.pid;
  if (pid === undefined) throw new Error('server process has no pid');
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };
  return { url, token, dataDir, startupMs, memory: () => readMemory(pid), stop, kill };
}

// Port 0 lets the kernel choose; the port is released again for the server to take a moment later.
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

// The tail of the server's output is what explains a failed start.
function collectOutput(child: ChildProcess): () => string {
  let output = '';
  // BENCH_SERVER_LOG=<file> keeps the whole log too (build timings, say), for reading after the run.
  const logFile = process.env.BENCH_SERVER_LOG;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (logFile) appendFileSync(logFile, chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

async function waitUntilServed(pageUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = performance.now() + STARTUP_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before serving:\n${output()}`);
    }
    // Refused until the server listens, 503 until the first build is live.
    const status = await fetch(pageUrl)
      .then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      })
      .catch(() => 0);
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error(`server did not serve ${pageUrl} within ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
}

function readMemory(pid: number): ServerMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const megabytes = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Math.round(Number(match[1]) / 1024);
  };
  return { rssMb: megabytes('VmRSS'), peakRssMb: megabytes('VmHWM') };
}

// SIGTERM lets the server close its database and wait out a running build; SIGKILL if it hangs.
async function stopServer(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  await rm(dataDir, { recursive: true, force: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
