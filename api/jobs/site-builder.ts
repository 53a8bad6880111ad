// Node only: keeps the static site in step with the database. Any write schedules a (debounced)
// rebuild; each build goes into a fresh folder that replaces the live one with one atomic rename,
// so readers never see a half-built site, and a failed build leaves the last good site online.
import { mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Client } from '@libsql/client';
import { getDataVersion } from '../../db/queries/page.ts';
import {
  failInterruptedSiteBuilds,
  finishSiteBuild,
  getLastBuiltDataVersion,
  insertRunningSiteBuild,
} from '../../db/queries/site-builds.ts';
import type { AstroBuildOptions, AstroBuildResult } from './astro-build.ts';
import { precompressSite } from './precompress-site.ts';
import { removeFolders } from './remove-folders.ts';

const FINGERPRINT_FILE = 'source-fingerprint';

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface SiteBuilderOptions {
  db: Client;
  /** Holds `current` (a link to the live build), `builds/` and Astro's cache. */
  siteDir: string;
  debounceMs: number;
  /** After the database failed during a build, how long to wait before trying again (30 s). */
  retryMs?: number;
  /** Runs one build; everything but the folders comes from here (database, origin, refresh). */
  build: (folders: Pick<AstroBuildOptions, 'outDir' | 'cacheDir'>) => Promise<AstroBuildResult>;
  /**
   * Identifies the site's source code; a live site built from other code is stale (after an
   * upgrade of Candor, say) even when the data has not changed.
   */
  sourceFingerprint?: string;
  log?: (message: string) => void;
  clock?: () => Date;
}

export class SiteBuilder {
  readonly currentDir: string;
  readonly #options: SiteBuilderOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #tidying: Promise<void> = Promise.resolve();
  #running: Promise<void> | undefined;
  #dirty = false;

  constructor(options: SiteBuilderOptions) {
    this.#options = options;
    this.currentDir = join(options.siteDir, 'current');
  }

  /** Asks for a rebuild soon; many calls within the debounce window make one build. */
  schedule(): void {
    this.#dirty = true;
    if (this.#running) return; // the running build reschedules itself when it ends
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#runPending(), this.#options.debounceMs);
  }

  /**
   * At start: closes builds a crash left running, then builds when no site exists, the data moved
   * on, or the site's code changed.
   */
  async buildIfStale(): Promise<void> {
    const { db } = this.#options;
    await failInterruptedSiteBuilds(db, this.#now());
    const [{ version }, built, hasSite, fingerprint] = await Promise.all([
      getDataVersion(db),
      getLastBuiltDataVersion(db),
      this.#hasLiveSite(),
      readFile(join(this.#options.siteDir, FINGERPRINT_FILE), 'utf8').catch(() => undefined),
    ]);
    const codeChanged =
      this.#options.sourceFingerprint !== undefined && fingerprint !== this.#options.sourceFingerprint;
    if (!hasSite || version > built || codeChanged) {
      this.#dirty = true;
      await this.#runPending();
    }
  }

  /** Resolves once no build is scheduled or running and old builds are deleted (tests, shutdown). */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.#running) await this.#running;
      else if (this.#timer) await new Promise((resolve) => setTimeout(resolve, 10));
      else {
        const tidying = this.#tidying;
        await tidying;
        if (tidying === this.#tidying && !this.#running && !this.#timer) return;
      }
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#retryTimer);
    this.#timer = undefined;
    this.#retryTimer = undefined;
  }

  async #runPending(): Promise<void> {
    this.#timer = undefined;
    if (this.#running || !this.#dirty) return;
    this.#dirty = false;
    this.#running = this.#buildOnce()
      .catch((error: unknown) => this.#retryLater(error))
      .finally(() => {
        this.#running = undefined;
        if (this.#dirty) this.schedule();
      });
    await this.#running;
  }

  // The database could not be reached to record or start a build (a remote libSQL server's blip,
  // say). The site stays as it is; without a retry it would wait for the next write.
  #retryLater(error: unknown): void {
    const { log = console.log, retryMs = 30_000 } = this.#options;
    log(`site: could not build, retrying in ${retryMs / 1000} s: ${errorMessage(error)}`);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.schedule();
    }, retryMs);
    this.#retryTimer.unref();
  }

  async #buildOnce(): Promise<void> {
    const { db, siteDir, log = console.log } = this.#options;
    // Read the version before building: a write that lands during the build marks us dirty again.
    const { version } = await getDataVersion(db);
    const started = performance.now();
    const buildId = await insertRunningSiteBuild(db, version, this.#now());
    const outDir = join(siteDir, 'builds', buildId);
    let result: AstroBuildResult;
    let previous: string | undefined;
    try {
      result = await this.#options.build({ outDir, cacheDir: join(siteDir, 'astro-cache') });
      await precompressSite(outDir, this.currentDir);
      previous = await this.#publish(outDir);
    } catch (error) {
      // Not published: the folder is no one's, and the last good site stays live.
      await rm(outDir, { recursive: true, force: true });
      await finishSiteBuild(db, buildId, {
        status: 'failed',
        finishedAt: this.#now(),
        durationMs: Math.round(performance.now() - started),
        error: errorMessage(error).slice(-4000),
      });
      log(`site: build failed, the last good site stays online:\n${errorMessage(error)}`);
      return;
    }
    const durationMs = Math.round(performance.now() - started);
    await finishSiteBuild(db, buildId, {
      status: 'succeeded',
      finishedAt: this.#now(),
      durationMs,
      pages: result.pages,
    });
    log(`site: built ${result.pages} pages of data version ${version} in ${durationMs} ms`);
    // Housekeeping after the new site is live: a failure here costs disk space or one rebuild at
    // the next start, never the live site.
    try {
      if (this.#options.sourceFingerprint) {
        await writeFile(join(siteDir, FINGERPRINT_FILE), this.#options.sourceFingerprint);
      }
    } catch (error) {
      log(`site: built, but could not record its source fingerprint: ${errorMessage(error)}`);
    }
    // Deleting a large old build takes seconds; the next build must not wait for it.
    this.#tidying = this.#tidying.then(() =>
      this.#removeOldBuilds([buildId, previous]).catch((error: unknown) => {
        log(`site: could not delete old builds: ${errorMessage(error)}`);
      }),
    );
  }

  // rename() over an existing link is atomic on POSIX: a reader resolves either the old or the new
  // build. Returns the name of the build that was live before, if any.
  async #publish(outDir: string): Promise<string | undefined> {
    const previous = await readlink(this.currentDir).catch(() => undefined);
    const next = `${this.currentDir}.next`;
    await rm(next, { force: true });
    await symlink(outDir, next, 'dir');
    await rename(next, this.currentDir);
    return previous === undefined ? undefined : basename(previous);
  }

  // Requests that began on the previous build may still be reading it, so it stays until the next one.
  async #removeOldBuilds(keep: Array<string | undefined>): Promise<void> {
    const buildsDir = join(this.#options.siteDir, 'builds');
    const old = (await readdir(buildsDir)).filter((name) => !keep.includes(name));
    await removeFolders(old.map((name) => join(buildsDir, name)));
  }

  async #hasLiveSite(): Promise<boolean> {
    try {
      await readlink(this.currentDir);
      return (await readdir(this.currentDir)).includes('index.html');
    } catch {
      await mkdir(this.#options.siteDir, { recursive: true });
      return false;
    }
  }

  #now(): string {
    return (this.#options.clock ?? (() => new Date()))().toISOString();
  }
}
