// The child process runner under the site build: a build that hangs must not hang the builder.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
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

// Prints its pid and that of a worker it starts, then both wait forever.
const HANGS_WITH_A_WORKER = `
const worker = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.log(JSON.stringify({ pids: [process.pid, worker.pid] }));
setInterval(() => {}, 1000);`;

describe('runChild', () => {
  it('kills a child that outlives its time limit, with the processes it started, and rejects', async () => {
    const started = performance.now();
    const error = await runChild(process.execPath, ['-e', HANGS_WITH_A_WORKER], {
      ...options,
      timeoutMs: 700,
    })
      .then(() => undefined)
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ChildTimeoutError);
    expect((error as Error).message).toMatch(/^test child took longer than 0.7 s and was stopped/);
    expect(performance.now() - started).toBeLessThan(5000);
    const { pids } = JSON.parse((error as Error).message.split('\n')[1] ?? '') as { pids: number[] };
    expect(pids).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it('kills the child with the processes it started when its signal aborts (the server stops)', async () => {
    const controller = new AbortController();
    let output = '';
    const running = runChild(process.execPath, ['-e', HANGS_WITH_A_WORKER], {
      ...options,
      timeoutMs: 60_000,
      signal: controller.signal,
    }).catch((error: unknown) => {
      output = (error as Error).message;
      throw error;
    });
    // Abort once the child is under way (its worker started).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    controller.abort();
    await expect(running).rejects.toThrow(/^test child was stopped/);
    const { pids } = JSON.parse(output.split('\n')[1] ?? '') as { pids: number[] };
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pids.filter(isRunning)).toEqual([]);
  });

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
