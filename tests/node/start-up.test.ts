// `npm start` as an operator meets it: what stops the server from starting is one line naming
// the setting to fix, and the server runs as a user who cannot write its own checkout.
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNodeConfig } from '../../api/env.ts';
import { startNodeServer } from '../../api/node-server.ts';
import { StartupError } from '../../api/startup-error.ts';
import { PROJECT_ROOT, startCommandArguments } from '../support/start-command.ts';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'candor-start-up-'));
  dirs.push(dir);
  return dir;
}

/** The server as `npm start` runs it, as nobody when asked (needs root), with the given variables. */
function start(env: Record<string, string>, options: { asNobody?: boolean } = {}): ChildProcess {
  const args = startCommandArguments();
  const command = options.asNobody ? 'setpriv' : process.execPath;
  const prefix = options.asNobody
    ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]
    : [];
  return spawn(command, [...prefix, ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: tmpdir(), CANDOR_DEMO: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function failedStart(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stderr };
}

function expectOneLineNaming(stderr: string, setting: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^Candor could not start: ${setting}: `));
}

describe('start-up errors', () => {
  it('name PORT in one line when the port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await failedStart(start({ CANDOR_DATA_DIR: tempDir(), PORT: String(port) }));
      expect(result.code).toBe(1);
      expectOneLineNaming(result.stderr, 'PORT');
      expect(result.stderr).toContain(String(port));
    } finally {
      taken.close();
    }
  }, 30_000);

  it.skipIf(!asRoot)(
    'name CANDOR_DATA_DIR in one line when the data folder is not writable',
    async () => {
      const result = await failedStart(start({ CANDOR_DATA_DIR: tempDir(), PORT: '0' }, { asNobody: true }));
      expect(result.code).toBe(1);
      expectOneLineNaming(result.stderr, 'CANDOR_DATA_DIR');
    },
    30_000,
  );

  it.skipIf(!asRoot)(
    'name CANDOR_DATA_DIR in one line when the database file is read-only',
    async () => {
      const dataDir = tempDir();
      // A database created by an earlier start as root: the folder is writable, the file is not.
      writeFileSync(join(dataDir, 'candor.db'), '');
      chownSync(dataDir, NOBODY, NOBODY);
      const result = await failedStart(start({ CANDOR_DATA_DIR: dataDir, PORT: '0' }, { asNobody: true }));
      expect(result.code).toBe(1);
      expectOneLineNaming(result.stderr, 'CANDOR_DATA_DIR');
      expect(result.stderr).toContain('candor.db');
    },
    30_000,
  );

  it('refuses to start, rather than serve 503 for ever, when the first site build fails', async () => {
    const dataDir = tempDir();
    // A file where the build's cache folder goes makes the build itself fail.
    mkdirSync(join(dataDir, 'site'), { recursive: true });
    writeFileSync(join(dataDir, 'site', 'astro-cache'), '');
    const config = readNodeConfig({ CANDOR_DATA_DIR: dataDir, PORT: '0', CANDOR_DEMO: '0' });
    const started = startNodeServer(config, { log: () => undefined });
    await expect(started).rejects.toBeInstanceOf(StartupError);
    await expect(started).rejects.toThrow(/first build of the status site failed/);
  }, 30_000);
});

// Processes working inside `dir` (a build child's working folder is in the data folder).
function processesIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('stopping', () => {
  it('ends the build child too when stopped during the first build', async () => {
    const dataDir = tempDir();
    const child = start({ CANDOR_DATA_DIR: dataDir, PORT: '0' });
    let output = '';
    const closed = new Promise((resolve) => child.once('close', resolve));
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('building at start')) resolve();
      });
    });
    // Until the build child is under way in the data folder.
    for (let tries = 0; processesIn(dataDir).length === 0 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(processesIn(dataDir).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesIn(dataDir)).toEqual([]);
  }, 60_000);
});

describe.skipIf(!asRoot)('running as a user who cannot write the checkout', () => {
  it('builds and serves the site, writing only into CANDOR_DATA_DIR', async () => {
    const dataDir = tempDir();
    chownSync(dataDir, NOBODY, NOBODY);
    const child = start({ CANDOR_DATA_DIR: dataDir, PORT: '0' }, { asNobody: true });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const look = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Status page\s+(http:\/\/\S+?)\/\s/.exec(output);
          if (match?.[1]) resolve(match[1]);
        };
        child.stdout?.on('data', look);
        child.stderr?.on('data', look);
        child.once('close', () => reject(new Error(`the server stopped:\n${output}`)));
      });
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    } finally {
      const closed = new Promise((resolve) => child.once('close', resolve));
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await closed;
      }
    }
  }, 60_000);
});
