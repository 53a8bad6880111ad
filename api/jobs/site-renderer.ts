// Node only: builds the site through a long-lived child process (api/jobs/site-renderer-child.ts).
// The first build, and any build after the child was lost or failed, is a full `astro build`; the
// child then keeps the compiled pages loaded, and a data change renders only the pages whose inputs
// changed (the changed incident's page, its month and component, `/`, the history index, the
// feeds), the rest hard-linked from the live build. A full build after an hour of changes would
// give the same bytes (tests/node/site-renderer.test.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type AstroBuildOptions,
  type AstroBuildResult,
  astroBuildEnv,
  DEFAULT_BUILD_TIMEOUT_MS,
  makeScratchFolder,
} from './astro-build.ts';
import { ChildTimeoutError } from './run-child.ts';
import type { RendererReply, RendererRequest } from './site-renderer-protocol.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_SCRIPT = fileURLToPath(new URL('./site-renderer-child.ts', import.meta.url));

export type SiteRendererOptions = Omit<AstroBuildOptions, 'outDir' | 'signal'> & {
  log?: (message: string) => void;
};

export interface RenderFolders {
  outDir: string;
  /** The live build, when there is one: an incremental build starts from it (it is never written). */
  previousDir?: string | undefined;
  /**
   * The build live before `previousDir`, which nothing serves any more: when the renderer made
   * it, an incremental build takes it over (it is moved, then only what differs is replaced)
   * instead of linking every file of the live build anew. Otherwise it stays, for the server's
   * tidying to delete.
   */
  recycleDir?: string | undefined;
  signal?: AbortSignal;
  /** Renders the site as of this instant (epoch ms) instead of now (reproducible builds, tests). */
  builtAt?: number;
}

interface RunningChild {
  process: ChildProcess;
  scratch: string;
  output: () => string;
}

const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid);
});

export class SiteRenderer {
  readonly #options: SiteRendererOptions;
  #child: RunningChild | undefined;

  constructor(options: SiteRendererOptions) {
    this.#options = options;
  }

  /** Builds into `outDir`: incrementally from `previousDir` when the child can, else in full. */
  async build(folders: RenderFolders): Promise<AstroBuildResult> {
    const { log = console.log } = this.#options;
    if (folders.previousDir && this.#child) {
      const reply = await this.#send(
        {
          type: 'incremental',
          outDir: folders.outDir,
          previousDir: folders.previousDir,
          ...(folders.recycleDir ? { recycleDir: folders.recycleDir } : {}),
          ...(folders.builtAt !== undefined ? { builtAt: folders.builtAt } : {}),
        },
        folders.signal,
      );
      if (reply.ok) return this.#result(reply);
      if (!reply.needsFullBuild) log(`site: incremental build failed, building in full:\n${reply.error}`);
      await rm(folders.outDir, { recursive: true, force: true });
    }
    // A full build always in a fresh child: it loads a new copy of the compiled site.
    await this.stop();
    const reply = await this.#send(
      {
        type: 'full',
        outDir: folders.outDir,
        ...(folders.builtAt !== undefined ? { builtAt: folders.builtAt } : {}),
      },
      folders.signal,
    );
    if (!reply.ok) {
      const output = this.#child?.output() ?? '';
      await this.stop();
      throw new Error(`astro build failed:\n${reply.error}\n${output}`);
    }
    return this.#result(reply);
  }

  /** Ends the child (server shutdown); the next build starts a new one. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child) return;
    if (child.process.exitCode === null && child.process.signalCode === null) {
      const exited = new Promise((resolve) => child.process.once('exit', resolve));
      killGroup(child.process.pid);
      await exited;
    }
    await rm(child.scratch, { recursive: true, force: true });
  }

  #result(reply: Extract<RendererReply, { ok: true }>): AstroBuildResult {
    const output = reply.timing ?? this.#child?.output() ?? '';
    return {
      pages: reply.pages,
      output,
      mode: reply.mode,
      rendered: reply.rendered,
      precompressed: true,
    };
  }

  async #send(request: RendererRequest, signal: AbortSignal | undefined): Promise<RendererReply> {
    this.#child ??= await this.#spawn();
    const child = this.#child;
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS;
    const description = request.type === 'full' ? 'astro build' : 'incremental site build';
    try {
      return await exchange(child, request, timeoutMs, description, signal);
    } catch (error) {
      // Timed out, stopped or crashed: its state is unknown, so it goes.
      await this.stop();
      throw error;
    }
  }

  async #spawn(): Promise<RunningChild> {
    const scratch = await makeScratchFolder(this.#options.cacheDir);
    // Its own process group, as run-child.ts does, so a timeout kills the workers it started too.
    const child = spawn(process.execPath, [CHILD_SCRIPT, PROJECT_ROOT], {
      cwd: scratch,
      env: astroBuildEnv(this.#options),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    if (child.pid !== undefined) {
      const pid = child.pid;
      liveGroups.add(pid);
      child.once('exit', () => liveGroups.delete(pid));
    }
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return { process: child, scratch, output: () => output };
  }
}

function exchange(
  child: RunningChild,
  request: RendererRequest,
  timeoutMs: number,
  description: string,
  signal: AbortSignal | undefined,
): Promise<RendererReply> {
  const { process: proc } = child;
  return new Promise((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
    };
    const onMessage = (reply: RendererReply) => {
      settle();
      resolve(reply);
    };
    const onExit = (code: number | null, exitSignal: string | null) => {
      settle();
      reject(new Error(`${description}: the renderer exited (${code ?? exitSignal}):\n${child.output()}`));
    };
    const onAbort = () => {
      settle();
      reject(new Error(`${description} was stopped`));
    };
    const timer = setTimeout(() => {
      settle();
      reject(new ChildTimeoutError(description, timeoutMs, child.output()));
    }, timeoutMs);
    proc.on('message', onMessage);
    proc.once('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();
    proc.send(request);
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
