// The builder that keeps the static site in step with the database, driven by a fake build (a
// one-file site with a marker) instead of astro, over a real migrated database.
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AstroBuildOptions, AstroBuildResult } from '../../api/jobs/astro-build.ts';
import { ChildTimeoutError } from '../../api/jobs/run-child.ts';
import { SiteBuilder, type SiteBuilderOptions } from '../../api/jobs/site-builder.ts';
import { applyPageConfiguration } from '../../api/services/page.ts';
import { getDataVersion } from '../../db/queries/page.ts';
import { insertRunningSiteBuild, listSiteBuilds } from '../../db/queries/site-builds.ts';
import { createTestDatabase } from '../support/database.ts';
import { makeComponent } from '../support/factories.ts';

type Folders = Pick<AstroBuildOptions, 'outDir' | 'cacheDir'>;

/**
 * Stands in for astro: build n writes index.html containing `build n` into its folder. It can be
 * told to fail its next build (after writing a partial site) or to wait until released.
 */
function fakeBuild() {
  const outDirs: string[] = [];
  let failure: Error | undefined;
  let gate: Promise<void> | undefined;
  let release: () => void = () => {};
  let onStart: () => void = () => {};
  const build = async ({ outDir }: Folders): Promise<AstroBuildResult> => {
    outDirs.push(outDir);
    const marker = `build ${outDirs.length}`;
    onStart();
    await mkdir(outDir, { recursive: true });
    if (gate) await gate;
    if (failure !== undefined) {
      const error = failure;
      failure = undefined;
      await writeFile(join(outDir, 'index.html'), `<p>half of ${marker}</p>`);
      throw error;
    }
    await writeFile(join(outDir, 'index.html'), `<p>${marker}</p>`);
    return { pages: 1, output: '' };
  };
  return {
    build,
    outDirs,
    get count() {
      return outDirs.length;
    },
    failNext(message: string) {
      failure = new Error(message);
    },
    failNextWith(error: Error) {
      failure = error;
    },
    /** Makes builds wait until release(); resolves `started` when the next build begins. */
    hold(): { started: Promise<void>; release: () => void } {
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = undefined;
          resolve();
        };
      });
      const started = new Promise<void>((resolve) => {
        onStart = () => {
          onStart = () => {};
          resolve();
        };
      });
      return { started, release: () => release() };
    },
  };
}

async function setUp(options: Partial<SiteBuilderOptions> = {}) {
  const { db, dir } = await createTestDatabase();
  const site = fakeBuild();
  const siteDir = join(dir, 'site');
  const logs: string[] = [];
  const builder = new SiteBuilder({
    db,
    siteDir,
    debounceMs: 0,
    build: site.build,
    log: (message) => logs.push(message),
    ...options,
  });
  const newBuilder = (more: Partial<SiteBuilderOptions> = {}) =>
    new SiteBuilder({ db, siteDir, debounceMs: 0, build: site.build, log: () => {}, ...more });
  return { db, site, siteDir, builder, logs, newBuilder };
}

const liveIndex = (builder: SiteBuilder) => readFile(join(builder.currentDir, 'index.html'), 'utf8');
const buildFolders = async (siteDir: string) => (await readdir(join(siteDir, 'builds'))).sort();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function buildNow(builder: SiteBuilder): Promise<void> {
  builder.schedule();
  await builder.whenIdle();
}

async function write(db: Client): Promise<void> {
  await makeComponent(db);
}

// A client whose execute() fails while `down` is set, as a remote database's outage would.
function unreliable(db: Client): { client: Client; down: boolean } {
  const state = { down: false, client: db };
  state.client = new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'execute' && state.down) {
        return () => Promise.reject(new Error('database unreachable'));
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return state;
}

describe('SiteBuilder.schedule', () => {
  it('makes one build of many calls within the debounce window, after the last call', async () => {
    const { db, site, builder } = await setUp({ debounceMs: 400 });
    // Ten calls 20 ms apart: together longer than the window, each within the window of the last.
    for (let call = 0; call < 10; call++) {
      builder.schedule();
      await sleep(20);
    }
    expect(site.count).toBe(0);
    await builder.whenIdle();
    expect(site.count).toBe(1);
    expect(await liveIndex(builder)).toBe('<p>build 1</p>');
    const builds = await listSiteBuilds(db, 10);
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatchObject({ status: 'succeeded', pages: 1, error: null });
  });

  it('swaps current to the new build, keeps the previous one and removes older ones', async () => {
    const { db, site, siteDir, builder } = await setUp();
    const buildIds = async () => (await listSiteBuilds(db, 10)).map((build) => build.id).reverse();

    await buildNow(builder);
    expect(await liveIndex(builder)).toBe('<p>build 1</p>');
    await buildNow(builder);
    expect(await liveIndex(builder)).toBe('<p>build 2</p>');
    const [first, second] = await buildIds();
    expect(await buildFolders(siteDir)).toEqual([first, second].sort());

    await buildNow(builder);
    expect(await liveIndex(builder)).toBe('<p>build 3</p>');
    const [, secondAgain, third] = await buildIds();
    expect(secondAgain).toBe(second);
    expect(await buildFolders(siteDir)).toEqual([second, third].sort());
    expect(await realpath(builder.currentDir)).toBe(await realpath(join(siteDir, 'builds', third ?? '')));
    expect(site.count).toBe(3);
  });

  it('offers each build the one live before the live build, which it may take over', async () => {
    const { db, siteDir, builder } = await setUp({
      // As the renderer does: the offered folder is moved into place, not copied.
      build: async ({ outDir, recycleDir }) => {
        offered.push(recycleDir);
        if (recycleDir) await rename(recycleDir, outDir);
        else await mkdir(outDir, { recursive: true });
        await writeFile(join(outDir, 'index.html'), `<p>build ${offered.length}</p>`);
        return { pages: 1, output: '' };
      },
    });
    const offered: Array<string | undefined> = [];
    for (let build = 0; build < 4; build++) await buildNow(builder);
    const ids = (await listSiteBuilds(db, 10)).map((build) => build.id).reverse();
    // The first two have nothing to take over; then always the build before the live one.
    expect(offered).toEqual([
      undefined,
      undefined,
      join(siteDir, 'builds', ids[0] ?? ''),
      join(siteDir, 'builds', ids[1] ?? ''),
    ]);
    expect(await liveIndex(builder)).toBe('<p>build 4</p>');
    expect(await buildFolders(siteDir)).toEqual([ids[2], ids[3]].sort());
  });

  it('starts no build once stopped, not even for a write that came during the running one', async () => {
    const { site, builder } = await setUp();
    const held = site.hold();
    builder.schedule();
    await held.started;
    builder.schedule(); // a write during the build: normally one more build follows
    builder.stop();
    builder.schedule(); // a write still arriving while the server closes
    held.release();
    await builder.whenIdle();
    await sleep(50);
    expect(site.count).toBe(1);
  });

  it('keeps the last good site after a failed build, records the error, and recovers', async () => {
    const { db, site, siteDir, builder, logs } = await setUp();
    await buildNow(builder);
    const [good] = await listSiteBuilds(db, 10);

    site.failNext('astro: something exploded');
    await buildNow(builder);
    expect(await liveIndex(builder)).toBe('<p>build 1</p>');
    const [failed] = await listSiteBuilds(db, 10);
    expect(failed).toMatchObject({ status: 'failed', pages: null });
    expect(failed?.error).toContain('astro: something exploded');
    expect(failed?.finished_at).not.toBeNull();
    // The half-written folder of the failed build is gone; the good one stays.
    expect(await buildFolders(siteDir)).toEqual([good?.id]);
    expect(logs.at(-1)).toContain('astro: something exploded');

    await buildNow(builder);
    expect(await liveIndex(builder)).toBe('<p>build 3</p>');
    const builds = await listSiteBuilds(db, 10);
    expect(builds.map((build) => build.status)).toEqual(['succeeded', 'failed', 'succeeded']);
  });

  it('records a build that ran past its time limit as failed and tries it again by itself', async () => {
    const { db, site, builder, logs } = await setUp({ retryMs: 50 });
    onTestFinished(() => builder.stop());
    site.failNextWith(new ChildTimeoutError('astro build', 600_000, 'stuck'));
    builder.schedule();
    await builder.whenIdle();
    const [timedOut] = await listSiteBuilds(db, 10);
    expect(timedOut).toMatchObject({ status: 'failed' });
    expect(timedOut?.error).toContain('astro build took longer than 600 s');
    expect(logs.at(-1)).toContain('took longer than');

    // The retry comes by itself, once its timer fires (later than 50 ms on a loaded machine).
    for (let tries = 0; site.count < 2 && tries < 100; tries++) await sleep(50);
    await builder.whenIdle();
    expect(site.count).toBe(2);
    expect(await liveIndex(builder)).toBe('<p>build 2</p>');
  });

  it('takes nothing down when a step after publishing fails (the fingerprint cannot be written)', async () => {
    const { db, siteDir, newBuilder } = await setUp();
    // A folder where the fingerprint file goes stands in for a write that fails (disk full, say).
    await mkdir(join(siteDir, 'source-fingerprint'), { recursive: true });
    const builder = newBuilder({ sourceFingerprint: 'code-v1' });
    await builder.buildIfStale();
    expect(await liveIndex(builder)).toBe('<p>build 1</p>');
    const [build] = await listSiteBuilds(db, 10);
    expect(build?.status).toBe('succeeded');
  });

  it('survives a database error during a scheduled build and builds at the next request', async () => {
    const { db, site, siteDir } = await setUp();
    const database = unreliable(db);
    const flaky = database.client;
    // Outside a test runner, an unhandled rejection ends the Node process: the server would go down.
    const escaped: unknown[] = [];
    const recordEscape = (reason: unknown) => escaped.push(reason);
    process.on('unhandledRejection', recordEscape);
    onTestFinished(() => {
      process.off('unhandledRejection', recordEscape);
    });
    const builder = new SiteBuilder({ db: flaky, siteDir, debounceMs: 0, build: site.build, log: () => {} });
    database.down = true;
    builder.schedule();
    await expect(builder.whenIdle()).resolves.toBeUndefined();
    await sleep(50);
    database.down = false;
    expect(escaped).toEqual([]);
    await buildNow(builder);
    expect(site.count).toBe(1);
    expect(await liveIndex(builder)).toBe('<p>build 1</p>');
  });

  it('retries by itself after a database error, once the database answers again', async () => {
    const { db, site, siteDir } = await setUp();
    const database = unreliable(db);
    database.down = true;
    const flaky = database.client;
    const builder = new SiteBuilder({
      db: flaky,
      siteDir,
      debounceMs: 0,
      retryMs: 50,
      build: site.build,
      log: () => {},
    });
    onTestFinished(() => builder.stop());
    builder.schedule();
    await builder.whenIdle();
    expect(site.count).toBe(0);
    database.down = false;
    await sleep(150);
    await builder.whenIdle();
    expect(site.count).toBe(1);
    expect(await liveIndex(builder)).toBe('<p>build 1</p>');
  });

  it('builds exactly once more when asked during a running build, with the newer data', async () => {
    const { db, site, builder } = await setUp();
    const held = site.hold();
    builder.schedule();
    await held.started;
    await write(db);
    builder.schedule();
    builder.schedule();
    builder.schedule();
    expect(site.count).toBe(1);
    held.release();
    await builder.whenIdle();
    await sleep(50);
    await builder.whenIdle();

    expect(site.count).toBe(2);
    expect(await liveIndex(builder)).toBe('<p>build 2</p>');
    const builds = await listSiteBuilds(db, 10);
    expect(builds.map((build) => build.status)).toEqual(['succeeded', 'succeeded']);
    expect(builds[1]?.data_version).toBe(0);
    expect(builds[0]?.data_version).toBe((await getDataVersion(db)).version);
  });
});

describe('repairing the site folder', () => {
  it('replaces a current that a backup tool turned into a real folder, at start and at later builds', async () => {
    const { siteDir, newBuilder } = await setUp();
    const copyCurrentAsFolder = async (builder: SiteBuilder) => {
      const copy = await liveIndex(builder);
      await rm(builder.currentDir);
      await mkdir(builder.currentDir);
      await writeFile(join(builder.currentDir, 'index.html'), copy);
      // A crash between creating the next link and renaming it can leave this behind too.
      await mkdir(`${builder.currentDir}.next`, { recursive: true });
    };
    const first = newBuilder();
    await first.buildIfStale();
    await copyCurrentAsFolder(first);

    const restarted = newBuilder();
    await restarted.buildIfStale();
    expect(await liveIndex(restarted)).toBe('<p>build 2</p>');
    expect((await lstat(restarted.currentDir)).isSymbolicLink()).toBe(true);

    await copyCurrentAsFolder(restarted);
    await buildNow(restarted);
    expect(await liveIndex(restarted)).toBe('<p>build 3</p>');
    expect((await lstat(restarted.currentDir)).isSymbolicLink()).toBe(true);
    await restarted.whenIdle();
    // The copies went into builds/ and were cleaned up with the old builds.
    expect((await buildFolders(siteDir)).filter((name) => name.startsWith('damaged'))).toEqual([]);
  });

  it('rebuilds once when a request finds the live build deleted, not once per request', async () => {
    const { site, siteDir, builder } = await setUp();
    await buildNow(builder);
    await rm(join(siteDir, 'builds'), { recursive: true });
    for (let request = 0; request < 5; request++) {
      builder.rebuildIfSiteMissing();
      await sleep(10);
    }
    await builder.whenIdle();
    expect(site.count).toBe(2);
    expect(await liveIndex(builder)).toBe('<p>build 2</p>');
  });
});

describe('SiteBuilder.buildIfStale', () => {
  it('builds when there is no site yet', async () => {
    const { site, builder } = await setUp();
    await builder.buildIfStale();
    expect(site.count).toBe(1);
    expect(await liveIndex(builder)).toBe('<p>build 1</p>');
  });

  it('builds when the site folder is gone, even though the data has not changed', async () => {
    const { site, siteDir, builder } = await setUp();
    await builder.buildIfStale();
    await rm(siteDir, { recursive: true });
    await builder.buildIfStale();
    expect(site.count).toBe(2);
    expect(await liveIndex(builder)).toBe('<p>build 2</p>');
  });

  it('builds again when the live site has lost its pages', async () => {
    const { site, siteDir, builder } = await setUp();
    await builder.buildIfStale();
    await rm(join(siteDir, 'builds'), { recursive: true });
    await builder.buildIfStale();
    expect(site.count).toBe(2);
    expect(await liveIndex(builder)).toBe('<p>build 2</p>');
  });

  it('does nothing when the site is built from the current data', async () => {
    const { db, site, newBuilder } = await setUp();
    await write(db);
    await newBuilder().buildIfStale();
    expect(site.count).toBe(1);
    // A restart: a new builder over the same folder and database.
    const restarted = newBuilder();
    await restarted.buildIfStale();
    await restarted.whenIdle();
    expect(site.count).toBe(1);
    expect(await liveIndex(restarted)).toBe('<p>build 1</p>');
  });

  it('builds when the data moved on since the last good build', async () => {
    const { db, site, builder, newBuilder } = await setUp();
    await builder.buildIfStale();
    await write(db);
    const restarted = newBuilder();
    await restarted.buildIfStale();
    expect(site.count).toBe(2);
    expect(await liveIndex(restarted)).toBe('<p>build 2</p>');
    const [latest] = await listSiteBuilds(db, 10);
    expect(latest).toMatchObject({ status: 'succeeded', data_version: (await getDataVersion(db)).version });
  });

  it('builds when the source fingerprint differs from the one the site was built with', async () => {
    const { site, siteDir, newBuilder } = await setUp();
    await newBuilder({ sourceFingerprint: 'code-v1' }).buildIfStale();
    expect(await readFile(join(siteDir, 'source-fingerprint'), 'utf8')).toBe('code-v1');

    await newBuilder({ sourceFingerprint: 'code-v1' }).buildIfStale();
    expect(site.count).toBe(1);

    const upgraded = newBuilder({ sourceFingerprint: 'code-v2' });
    await upgraded.buildIfStale();
    expect(site.count).toBe(2);
    expect(await liveIndex(upgraded)).toBe('<p>build 2</p>');
    expect(await readFile(join(siteDir, 'source-fingerprint'), 'utf8')).toBe('code-v2');

    await newBuilder({ sourceFingerprint: 'code-v2' }).buildIfStale();
    expect(site.count).toBe(2);
  });

  it('builds when the live site was built on an earlier day in the page time zone', async () => {
    const { db, site, newBuilder } = await setUp();
    const page = { name: 'Status', url: 'http://127.0.0.1', time_zone: 'America/New_York' };
    await applyPageConfiguration(db, { defaults: page, publicUrl: undefined }, '2030-03-01T00:00:00.000Z');
    const at = (iso: string) => () => new Date(iso);
    // 23:30 on 1 March in New York (04:30 UTC on the 2nd).
    await newBuilder({ clock: at('2030-03-02T04:30:00.000Z') }).buildIfStale();
    expect(site.count).toBe(1);
    // Restarted at 23:55 the same evening there: still the 1st, nothing to do.
    await newBuilder({ clock: at('2030-03-02T04:55:00.000Z') }).buildIfStale();
    expect(site.count).toBe(1);
    // Restarted after midnight in New York: the data has not changed, but "today" has.
    const restarted = newBuilder({ clock: at('2030-03-02T05:10:00.000Z') });
    await restarted.buildIfStale();
    expect(site.count).toBe(2);
    expect(await liveIndex(restarted)).toBe('<p>build 2</p>');
  });

  it('marks a build a crash left running as failed', async () => {
    const { db, site, newBuilder } = await setUp();
    await newBuilder({ clock: () => new Date('2030-01-01T00:00:00.000Z') }).buildIfStale();
    const crashedId = await insertRunningSiteBuild(db, 0, '2030-01-01T00:00:00.000Z');

    const clock = () => new Date('2030-01-01T00:05:00.000Z');
    await newBuilder({ clock }).buildIfStale();
    const crashed = (await listSiteBuilds(db, 10)).find((build) => build.id === crashedId);
    expect(crashed).toMatchObject({ status: 'failed', finished_at: '2030-01-01T00:05:00.000Z' });
    expect(crashed?.error).toMatch(/interrupted/);
    // The site itself was up to date: nothing was rebuilt.
    expect(site.count).toBe(1);
    expect((await listSiteBuilds(db, 10)).filter((build) => build.status === 'running')).toEqual([]);
  });
});
