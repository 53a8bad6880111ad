// Node only: everything `npm start` does, as a function the tests and benchmarks can call too.
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Client } from '@libsql/client';
import { openNodeDatabase } from '../db/client.ts';
import { sha256Hex } from '../db/hash.ts';
import { migrate } from '../db/migrate.ts';
import { readMigrationFiles } from '../db/migration-files.ts';
import { getPage } from '../db/queries/page.ts';
import { createApp } from './app.ts';
import { seedDemoIfEmpty } from './demo/seed.ts';
import type { NodeConfig } from './env.ts';
import { runAstroBuild } from './jobs/astro-build.ts';
import { startDayRolloverRebuilds } from './jobs/day-rollover.ts';
import { startNodeScheduler } from './jobs/node-scheduler.ts';
import { SiteBuilder } from './jobs/site-builder.ts';
import { computeSiteFingerprint } from './jobs/site-fingerprint.ts';
import { requestSitePublish } from './outbox/site-publish.ts';
import { countActiveAdminTokens, issueAdminToken } from './services/admin-tokens.ts';
import { applyPageConfiguration } from './services/page.ts';
import { serveStaticSite } from './site/serve-static.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  db: Client;
  builder: SiteBuilder;
  /** The admin token created at this first start, if one was (shown once, never stored in clear). */
  createdAdminToken: string | undefined;
  close: () => Promise<void>;
}

export interface StartOptions {
  log?: (message: string) => void;
  /** Wait for the first site build before resolving (npm start does; a test may not need to). */
  waitForSite?: boolean;
}

/** Migrates, seeds, builds the site if stale and serves API + site from one process. */
export async function startNodeServer(
  config: NodeConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const log = options.log ?? console.log;
  await mkdir(config.dataDir, { recursive: true });
  const db = await openNodeDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrate(db, await readMigrationFiles());

  const builder = new SiteBuilder({
    db,
    siteDir: join(config.dataDir, 'site'),
    debounceMs: config.rebuildDebounceMs,
    sourceFingerprint: await computeSiteFingerprint(),
    build: (folders) =>
      runAstroBuild({
        ...folders,
        databaseUrl: config.databaseUrl,
        ...(config.databaseAuthToken ? { databaseAuthToken: config.databaseAuthToken } : {}),
        ...(config.apiOrigin ? { apiOrigin: config.apiOrigin } : {}),
        liveRefreshSeconds: config.liveRefreshSeconds,
      }),
    log,
  });
  const scheduler = startNodeScheduler({ db, settings: { deployHook: config.deployHook }, log });
  const app = createApp({
    database: () => db,
    bootstrapTokenHash: config.adminToken ? await sha256Hex(config.adminToken) : null,
    onDataChanged: async () => {
      builder.schedule();
      if (!config.deployHook) return;
      await requestSitePublish(db, new Date(), config.rebuildDebounceMs);
      scheduler.drainSoon(config.rebuildDebounceMs);
    },
    siteHandler: serveStaticSite(builder.currentDir, config.apiOrigin ? { apiOrigin: config.apiOrigin } : {}),
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  const now = new Date().toISOString();
  await applyPageConfiguration(
    db,
    { defaults: { name: config.pageName, url, time_zone: config.timeZone }, publicUrl: config.publicUrl },
    now,
  );
  if (config.demo) await seedDemoIfEmpty(db, new Date());
  const createdAdminToken = await createFirstAdminToken(db, config, now);
  // Once the page and the demo data are in place, so a first publish includes them.
  scheduler.runNow();

  const stopDayRollover = startDayRolloverRebuilds({
    timeZone: async () => (await getPage(db))?.time_zone ?? 'UTC',
    onNewDay: () => builder.schedule(),
  });

  const firstBuild = builder.buildIfStale();
  if (options.waitForSite !== false) await firstBuild;

  return {
    url,
    db,
    builder,
    createdAdminToken,
    close: async () => {
      stopDayRollover();
      await scheduler.stop();
      builder.stop();
      await builder.whenIdle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

// Without CANDOR_ADMIN_TOKEN, an instance with no token at all would be unmanageable: the first
// start issues one and the caller prints it once.
async function createFirstAdminToken(
  db: Client,
  config: NodeConfig,
  now: string,
): Promise<string | undefined> {
  if (config.adminToken || (await countActiveAdminTokens(db)) > 0) return undefined;
  const { token } = await issueAdminToken(db, { name: 'created at first start' }, { actor: 'system', now });
  return token;
}
