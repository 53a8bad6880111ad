// Node only: keeps the static site in step with the database. Any write schedules a (debounced)
// rebuild; each build goes into a fresh folder that replaces the live one with one atomic rename,
// so readers never see a half-built site, and a failed build leaves the last good site online.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Client } from '@libsql/client';
import { getDataVersion, getPage } from '../../db/queries/page.ts';
import {
  failInterruptedSiteBuilds,
  finishSiteBuild,
  getLastSucceededSiteBuild,
  insertRunningSiteBuild,
} from '../../db/queries/site-builds.ts';
import type { AstroBuildOptions, AstroBuildResult } from './astro-build.ts';
import { localDate } from './day-rollover.ts';
import { precompressSite } from './precompress-site.ts';
import { removeFolders } from './remove-folders.ts';
import { ChildTimeoutError } from './run-child.ts';
import { SiteFolders } from './site-folders.ts';

const FINGERPRINT_FILE = 'source-fingerprint';

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface SiteBuilderOptions {
  db: Client;
  /** Holds `current` (a link to the live build), `builds/` and Astro's cache. */
  siteDir: string;
  debounceMs: number;
  /** After the database failed during a build or a build timed out, how long to wait before trying again (30 s). */
  retryMs?: number;
  /**
   * Runs one build; everything but the folders comes from here (database, origin, refresh).
   * `previousDir` is the live build, which an incremental build may start from (never write into it);
   * `recycleDir` the build live before it, which the build may take over (see site-renderer.ts).
   */
  build: (
    folders: Pick<AstroBuildOptions, 'outDir' | 'cacheDir' | 'signal'> & {
      previousDir?: string | undefined;
      recycleDir?: string | undefined;
    },
  ) => Promise<AstroBuildResult>;
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
  readonly #folders: SiteFolders;
  #lastRepairAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #tidying: Promise<void> = Promise.resolve();
  #running: Promise<void> | undefined;
  #dirty = false;
  #lastScheduledAt = Number.NEGATIVE_INFINITY;
  // Builds no tidying may delete: the one being built, and the one live before the last swap
  // (requests that began on it may still be reading it). The live one is read from `current`.
  #buildingId: string | undefined;
  #previousLiveId: string | undefined;
  // The build child runs in its own process group, so a Ctrl-C does not reach it: stop() does.
  #abort: AbortController | undefined;
  // Once stopped (the server shutting down), nothing starts a build again: not a write still
  // arriving, not the end of the running build, not a retry.
  #stopped = false;

  constructor(options: SiteBuilderOptions) {
    this.#options = options;
    this.#folders = new SiteFolders(options.siteDir);
    this.currentDir = this.#folders.currentDir;
  }

  /** True when `current` leads to a built site. */
  hasLiveSite(): Promise<boolean> {
    return this.#folders.hasLiveSite();
  }

  /**
   * For a request that found no live site (its build deleted under the server, say): rebuilds,
   * unless a build is under way or due, or one was tried within the retry interval.
   */
  rebuildIfSiteMissing(): void {
    const { retryMs = 30_000 } = this.#options;
    if (this.#running || this.#timer || this.#retryTimer) return;
    if (Date.now() - this.#lastRepairAt < retryMs) return;
    this.#lastRepairAt = Date.now();
    this.schedule();
  }

  /** Asks for a rebuild soon; many calls within the debounce window make one build. */
  schedule(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    this.#lastScheduledAt = performance.now();
    if (this.#running) return; // the running build reschedules itself when it ends
    this.#startTimer(this.#options.debounceMs);
  }

  #startTimer(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#runPending(), delayMs);
  }

  /**
   * At start: closes builds a crash left running, then builds when no site exists, the data moved
   * on, the site's code changed, or the site was built on an earlier day in the page's time zone
   * (its uptime bars and "today" would be a day behind until the next write). True when it built.
   */
  async buildIfStale(): Promise<boolean> {
    const { db, log = console.log } = this.#options;
    await failInterruptedSiteBuilds(db, this.#now());
    const reason = await this.#whyStale();
    if (!reason) return false;
    log(`site: building at start: ${reason}`);
    this.#dirty = true;
    await this.#runPending();
    return true;
  }

  async #whyStale(): Promise<string | undefined> {
    const { db, siteDir, sourceFingerprint } = this.#options;
    const [{ version }, built, hasSite, fingerprint, page] = await Promise.all([
      getDataVersion(db),
      getLastSucceededSiteBuild(db),
      mkdir(siteDir, { recursive: true }).then(() => this.#folders.hasLiveSite()),
      readFile(join(siteDir, FINGERPRINT_FILE), 'utf8').catch(() => undefined),
      getPage(db),
    ]);
    if (!hasSite || built === null) return 'there is no live site';
    if (version > built.data_version) return 'the data changed since the last build';
    if (sourceFingerprint !== undefined && fingerprint !== sourceFingerprint) return 'the code changed';
    const timeZone = page?.time_zone ?? 'UTC';
    const builtOn = localDate(new Date(built.started_at), timeZone);
    const today = localDate(this.#clock(), timeZone);
    if (builtOn !== today) return `it was built on ${builtOn}, and today is ${today} (${timeZone})`;
    return undefined;
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

  /** Cancels what is scheduled and stops a running build (it is recorded as failed). */
  stop(): void {
    this.#stopped = true;
    this.#abort?.abort();
    clearTimeout(this.#timer);
    clearTimeout(this.#retryTimer);
    this.#timer = undefined;
    this.#retryTimer = undefined;
  }

  async #runPending(): Promise<void> {
    this.#timer = undefined;
    if (this.#running || !this.#dirty || this.#stopped) return;
    this.#dirty = false;
    this.#running = this.#buildOnce()
      .catch((error: unknown) => this.#retryLater(error))
      .finally(() => {
        this.#running = undefined;
        // A write that came during the build has waited long enough when its debounce is over
        // already: waiting a whole debounce more would only delay its publishing.
        const settled = performance.now() - this.#lastScheduledAt;
        if (this.#dirty) this.#startTimer(Math.max(0, this.#options.debounceMs - settled));
      });
    await this.#running;
  }

  // The database could not be reached to record or start a build (a remote libSQL server's blip,
  // say). The site stays as it is; without a retry it would wait for the next write.
  #retryLater(error: unknown): void {
    const { log = console.log, retryMs = 30_000 } = this.#options;
    log(`site: could not build, retrying in ${retryMs / 1000} s: ${errorMessage(error)}`);
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (this.#stopped) return;
    const { retryMs = 30_000 } = this.#options;
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
    this.#buildingId = buildId;
    try {
      this.#abort = new AbortController();
      const { signal } = this.#abort;
      const previousDir = await this.#folders.liveBuildDir();
      // Every request resolves `current` anew, so the build live before the last swap is no
      // longer read from: rather than deleted (tens of thousands of files at 10,000 incidents),
      // it may become this build.
      const recycleDir = this.#recyclableBuild(previousDir);
      result = await this.#options.build({
        outDir,
        cacheDir: join(siteDir, 'astro-cache'),
        signal,
        previousDir,
        recycleDir,
      });
      if (!result.precompressed) await precompressSite(outDir, this.currentDir);
      // Named before the swap, not after: a tidying that starts in between must see it as the
      // build before the live one (the next build's to take over), never as an old one to delete.
      if (previousDir) this.#previousLiveId = basename(previousDir);
      previous = await this.#publish(outDir);
      this.#previousLiveId = previous;
      this.#buildingId = undefined;
    } catch (error) {
      this.#buildingId = undefined;
      // Not published: the folder is no one's, and the last good site stays live.
      await rm(outDir, { recursive: true, force: true });
      await finishSiteBuild(db, buildId, {
        status: 'failed',
        finishedAt: this.#now(),
        durationMs: Math.round(performance.now() - started),
        error: errorMessage(error).slice(-4000),
      });
      log(`site: build failed, the last good site stays online:\n${errorMessage(error)}`);
      // A hang is no verdict on the data (a stuck child, a starved machine): try again, where a
      // build that failed on the data would fail the same way until the next write.
      if (error instanceof ChildTimeoutError) this.#scheduleRetry();
      return;
    }
    const durationMs = Math.round(performance.now() - started);
    await finishSiteBuild(db, buildId, {
      status: 'succeeded',
      finishedAt: this.#now(),
      durationMs,
      pages: result.pages,
    });
    const how =
      result.mode === 'incremental' ? `, ${result.rendered ?? '?'} rendered anew (${result.output})` : '';
    log(`site: built ${result.pages} pages of data version ${version} in ${durationMs} ms${how}`);
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
      this.#removeOldBuilds().catch((error: unknown) => {
        log(`site: could not delete old builds: ${errorMessage(error)}`);
      }),
    );
  }

  #recyclableBuild(liveDir: string | undefined): string | undefined {
    const id = this.#previousLiveId;
    if (id === undefined || liveDir === undefined || basename(liveDir) === id) return undefined;
    return join(this.#folders.buildsDir, id);
  }

  // Checked before every swap rather than once at start: the folder can be damaged at any time.
  async #publish(outDir: string): Promise<string | undefined> {
    const { log = console.log } = this.#options;
    for (const repair of await this.#folders.repair()) log(`site: repaired the site folder: ${repair}`);
    return this.#folders.swapTo(outDir);
  }

  // Requests that began on the previous build may still be reading it, so it stays until the next one.
  async #removeOldBuilds(): Promise<void> {
    // Decided when the tidying runs, not when it was queued: by then later builds may exist, one
    // of them live, and one under way.
    const live = await this.#folders.liveBuildDir();
    const keep = [live === undefined ? undefined : basename(live), this.#previousLiveId, this.#buildingId];
    const old = (await this.#folders.listBuilds()).filter((name) => !keep.includes(name));
    await removeFolders(old.map((name) => join(this.#folders.buildsDir, name)));
  }

  #clock(): Date {
    return (this.#options.clock ?? (() => new Date()))();
  }

  #now(): string {
    return this.#clock().toISOString();
  }
}
