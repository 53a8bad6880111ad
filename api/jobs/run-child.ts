// Node only: runs a command to completion, keeping the tail of its output, and kills it (with
// everything it started) when it runs past its time, so a hung build cannot block later ones.
import { spawn } from 'node:child_process';

// Children run in their own process group, out of reach of a Ctrl-C meant for the server: when
// the server exits, it takes the ones still running with it.
const runningGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of runningGroups) killGroup(pid);
});

/** The child ran past its time limit and was killed. */
export class ChildTimeoutError extends Error {
  constructor(description: string, timeoutMs: number, output: string) {
    super(`${description} took longer than ${timeoutMs / 1000} s and was stopped:\n${output}`);
    this.name = 'ChildTimeoutError';
  }
}

export interface RunChildOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Names the command in errors, e.g. "astro build". */
  description: string;
  /** Aborting it kills the child (and its group) and rejects. */
  signal?: AbortSignal;
}

/** Resolves with the output's tail on exit code 0; rejects otherwise, on timeout or on abort. */
export function runChild(command: string, args: string[], options: RunChildOptions): Promise<string> {
  const { description, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    // Its own process group: on timeout the whole group goes, workers the command started included.
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const pid = child.pid;
    if (pid !== undefined) runningGroups.add(pid);
    let output = '';
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      // The tail is what explains a failure; cap it so a noisy build cannot grow without bound.
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    const abort = () => killGroup(child.pid);
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    const settle = () => {
      if (pid !== undefined) runningGroups.delete(pid);
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
    };
    child.on('error', (error) => {
      settle();
      reject(error);
    });
    child.on('close', (code) => {
      settle();
      if (timedOut) reject(new ChildTimeoutError(description, timeoutMs, output));
      else if (options.signal?.aborted) reject(new Error(`${description} was stopped:\n${output}`));
      else if (code === 0) resolve(output);
      else reject(new Error(`${description} exited with code ${code}:\n${output}`));
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
