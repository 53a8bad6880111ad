// The real Worker, as `npm run deploy` would upload it, run locally in workerd through Wrangler's
// test harness, with its database in our dev libSQL server over a temp file.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestHarness, type TestHarness } from 'wrangler';
import { type LibsqlHttpServer, startLibsqlHttpServer } from './libsql-http-server.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
// Offline: no usage reports, no update checks.
const quietWrangler = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' };

/** Bundles the Worker with `wrangler deploy --dry-run`, exactly as a deploy would, into `outDir`. */
export async function buildWorker(outDir: string): Promise<{ outDir: string; stdout: string }> {
  const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
  const { stdout } = await run(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outDir], {
    cwd: root,
    env: quietWrangler,
  });
  return { outDir, stdout };
}

/** Runs `npm run migrate` (the real command, a child process) against `databaseUrl`. */
export async function migrateRemote(
  databaseUrl: string,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  return run(process.execPath, [join(root, 'api/cli/migrate.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
  });
}

export interface WorkerSetup {
  harness: TestHarness;
  database: LibsqlHttpServer;
  /** The SQLite file behind the dev libSQL server, for direct checks. */
  file: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * A temp database served by the dev libSQL server, migrated (with the demo data when asked) by the
 * migrate command, and the prebuilt Worker in `workerDir` started against it with the given secrets.
 */
export async function startWorker(options: {
  workerDir: string;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  demo?: boolean;
  publicUrl?: string;
  /**
   * An existing SQLite file to serve instead of a fresh one (the benchmark's prepared history). It
   * is migrated all the same, as a deploy would, and left in place by close().
   */
  databaseFile?: string;
}): Promise<WorkerSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'candor-worker-'));
  const file = options.databaseFile ?? join(dir, 'candor.db');
  const database = await startLibsqlHttpServer({ file });
  const publicUrl = options.publicUrl ?? 'https://status.example.test';
  try {
    await migrateRemote(database.url, options.demo ? ['--demo'] : [], { CANDOR_PUBLIC_URL: publicUrl });
    const harness = createTestHarness({
      root,
      workers: [
        {
          configPath: join(root, 'wrangler.toml'),
          prebuiltWorkerDir: options.workerDir,
          vars: { CANDOR_PUBLIC_URL: publicUrl, ...options.vars },
          secrets: { DATABASE_URL: database.url, ...options.secrets },
        },
      ],
    });
    await harness.listen();
    return {
      harness,
      database,
      file,
      dir,
      async close() {
        await harness.close();
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A temp folder for a Worker build, deleted by the returned function. */
export function tempWorkerDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'candor-worker-build-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
