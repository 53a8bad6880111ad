// Node only: runs `astro build` in a child process, so the build's memory and CPU never weigh on
// the server that answers requests.
import { mkdir, mkdtemp, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './run-child.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILD_SCRIPT = fileURLToPath(new URL('./astro-build-child.ts', import.meta.url));

export interface AstroBuildOptions {
  /** Where the site reads its data (the same database the API writes). */
  databaseUrl: string;
  databaseAuthToken?: string;
  /** A folder that does not exist yet or is empty: the build writes the whole site there. */
  outDir: string;
  /**
   * Astro's and Vite's cache (incremental build manifest, reusable pages), kept between builds;
   * each build's scratch files go in here too, so a build writes nothing outside it and `outDir`.
   */
  cacheDir: string;
  /** Origin the page's live script fetches /api/v2/summary.json from; empty for the same origin. */
  apiOrigin?: string;
  /** How often the live script refreshes, in seconds. */
  liveRefreshSeconds?: number;
  /** A build still running after this long is killed and fails (CANDOR_BUILD_TIMEOUT_SECONDS). */
  timeoutMs?: number;
  /** Aborting it kills the build (the server is stopping). */
  signal?: AbortSignal;
}

export const DEFAULT_BUILD_TIMEOUT_MS = 600_000;

export interface AstroBuildResult {
  pages: number;
  output: string;
  /** True when the build wrote the compressed copies of its files itself (an incremental build). */
  precompressed?: boolean;
  /** How the site was built: every page (`full`) or only those a change touched (`incremental`). */
  mode?: 'full' | 'incremental';
  /** Pages rendered by this build (the others were reused from the previous one). */
  rendered?: number;
}

/** The environment of a build child: the database, folders and settings the site reads. */
export function astroBuildEnv(
  options: Omit<AstroBuildOptions, 'outDir'> & { outDir?: string },
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    CANDOR_ASTRO_CACHE_DIR: options.cacheDir,
    CANDOR_API_ORIGIN: options.apiOrigin ?? '',
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  if (options.outDir) env.CANDOR_SITE_OUT_DIR = options.outDir;
  if (options.databaseAuthToken) env.DATABASE_AUTH_TOKEN = options.databaseAuthToken;
  if (options.liveRefreshSeconds) env.CANDOR_LIVE_REFRESH_SECONDS = String(options.liveRefreshSeconds);
  return env;
}

/** Builds the static site. Rejects with the build's output when astro exits non-zero. */
export async function runAstroBuild(options: AstroBuildOptions): Promise<AstroBuildResult> {
  const env = astroBuildEnv(options);
  // Astro keeps build scratch files (prerender output) under the working directory: each build
  // gets its own, so builds of two servers sharing a cache folder cannot collide.
  const scratch = await makeScratchFolder(options.cacheDir);
  try {
    const report = join(scratch, 'build-report.json');
    const args = [BUILD_SCRIPT, PROJECT_ROOT];
    const output = await runChild(process.execPath, args, {
      cwd: scratch,
      env: { ...env, CANDOR_BUILD_REPORT: report },
      timeoutMs: options.timeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS,
      description: 'astro build',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const { pages } = JSON.parse(await readFile(report, 'utf8')) as { pages: number };
    return { pages, output };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A fresh working folder for one build child, below `cacheDir`; the caller removes it. */
export async function makeScratchFolder(cacheDir: string): Promise<string> {
  const scratchParent = join(cacheDir, 'scratch');
  await linkProjectModules(scratchParent);
  return mkdtemp(join(scratchParent, 'build-'));
}

// The prerendered chunks import packages by bare name, which Node resolves from a node_modules
// folder above the importing file: one link above the scratch folders leads to the project's.
async function linkProjectModules(scratchParent: string): Promise<void> {
  await mkdir(scratchParent, { recursive: true });
  const link = join(scratchParent, 'node_modules');
  const target = join(PROJECT_ROOT, 'node_modules');
  if ((await readlink(link).catch(() => undefined)) === target) return;
  await rm(link, { recursive: true, force: true });
  await symlink(target, link, 'dir').catch((error: NodeJS.ErrnoException) => {
    // Another build linked it meanwhile.
    if (error.code !== 'EEXIST') throw error;
  });
}
