// The child process runner under the site build: a build that hangs must not hang the builder.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ChildTimeoutError, runChild } from '../../api/jobs/run-child.ts';

// A killed process lingers as a zombie until its parent reaps it: that counts as stopped.
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const options = { cwd: tmpdir(), env: process.env, description: 'test child' };

// Writes its pid and that of a worker it starts to the file named by its argument, then both
// wait forever.
const HANGS_WITH_A_WORKER = `
const worker = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
const fs = require('node:fs');
fs.writeFileSync(process.argv[1] + '.tmp', JSON.stringify([process.pid, worker.pid]));
fs.renameSync(process.argv[1] + '.tmp', process.argv[1]);
setInterval(() => {}, 1000);`;

function pidFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'candor-run-child-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'pids.json');
}

async function readPids(file: string): Promise<number[]> {
  for (let tries = 0; !existsSync(file) && tries < 400; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as number[];
}

describe('runChild', () => {
  it('kills a child that outlives its time limit, with the processes it started, and rejects', async () => {
    const pids = pidFile();
    const started = performance.now();
    const error = await runChild(process.execPath, ['-e', HANGS_WITH_A_WORKER, pids], {
      ...options,
      // Long enough for a loaded machine to start the child and its worker.
      timeoutMs: 4000,
    })
      .then(() => undefined)
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ChildTimeoutError);
    expect((error as Error).message).toMatch(/^test child took longer than 4 s and was stopped/);
    expect(performance.now() - started).toBeLessThan(20_000);
    const both = await readPids(pids);
    expect(both).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(both.filter(isRunning)).toEqual([]);
  }, 30_000);

  it('kills the child with the processes it started when its signal aborts (the server stops)', async () => {
    const pids = pidFile();
    const controller = new AbortController();
    const running = runChild(process.execPath, ['-e', HANGS_WITH_A_WORKER, pids], {
      ...options,
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    const both = await readPids(pids);
    controller.abort();
    await expect(running).rejects.toThrow(/^test child was stopped/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(both.filter(isRunning)).toEqual([]);
  }, 30_000);

  it('resolves with the output of a child that finishes in time, and rejects on a failure', async () => {
    const output = await runChild(process.execPath, ['-e', 'console.log("done")'], {
      ...options,
      timeoutMs: 5000,
    });
    expect(output).toBe('done\n');
    await expect(
      runChild(process.execPath, ['-e', 'console.error("broken"); process.exit(3)'], {
        ...options,
        timeoutMs: 5000,
      }),
    ).rejects.toThrow(/test child exited with code 3:\nbroken/);
  });
});
