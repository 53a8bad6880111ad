// Node only: everything `npm start` does, as a function the tests and benchmarks can call too.

import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Client } from '@libsql/client';
import { sha256Hex } from '../db/hash.ts';
import { getPage } from '../db/queries/page.ts';
import { createApp } from './app.ts';
import { seedDemoIfEmpty } from './demo/seed.ts';
import type { NodeConfig } from './env.ts';
import { startDayRolloverRebuilds } from './jobs/day-rollover.ts';
import { startNodeScheduler } from './jobs/node-scheduler.ts';
import { SiteBuilder } from './jobs/site-builder.ts';
import { computeSiteFingerprint } from './jobs/site-fingerprint.ts';
import { SiteRenderer } from './jobs/site-renderer.ts';
import { nodeMailer } from './mail/node-mailer.ts';
import { nodeClientAddress, trustedProxies } from './node-client-address.ts';
import { openStorage, siteDirOf } from './node-storage.ts';
import { requestSitePublish } from './outbox/site-publish.ts';
import { countActiveAdminTokens, issueAdminToken } from './services/admin-tokens.ts';
import { ensureFirstMember } from './services/members.ts';
import { applyPageConfiguration } from './services/page.ts';
import { serveStaticSite } from './site/serve-static.ts';
import { explainListenError, StartupError } from './startup-error.ts';
import { guardedFetch } from './webhooks/guarded-request-node.ts';
import { resolveHostWithNode } from './webhooks/resolve-node.ts';

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
  const db = await openStorage(config);

  const siteDir = siteDirOf(config);
  // One renderer for the server's life: a full build first, then only what each change touches.
  const renderer = new SiteRenderer({
    cacheDir: join(siteDir, 'astro-cache'),
    databaseUrl: config.databaseUrl,
    ...(config.databaseAuthToken ? { databaseAuthToken: config.databaseAuthToken } : {}),
    ...(config.apiOrigin ? { apiOrigin: config.apiOrigin } : {}),
    liveRefreshSeconds: config.liveRefreshSeconds,
    timeoutMs: config.buildTimeoutMs,
    log,
  });
  const builder = new SiteBuilder({
    db,
    siteDir,
    debounceMs: config.rebuildDebounceMs,
    sourceFingerprint: await computeSiteFingerprint(),
    // Without incremental builds, each build is a full `astro build` in a new renderer.
    build: async ({ outDir, previousDir, recycleDir, signal }) => {
      if (!config.incrementalBuilds) await renderer.stop();
      return renderer.build({ outDir, previousDir, recycleDir, ...(signal ? { signal } : {}) });
    },
    log,
  });
  const webhookPolicy = { allowPrivate: config.allowPrivateWebhooks, resolveHost: resolveHostWithNode };
  // The delivery connects only to the addresses it checked (see guarded-request-node.ts).
  const webhooks = { policy: webhookPolicy, fetch: guardedFetch(webhookPolicy) };
  const mail = {
    mailer: nodeMailer(config.mail, config.dataDir, log),
    linkOrigin: config.apiOrigin,
    logSignInLinks: config.mail.resendApiKey ? undefined : log,
  };
  const settings = { deployHook: config.deployHook, webhooks, mail };
  // A maintenance window that starts or ends by itself changes the page: rebuild it.
  const scheduler = startNodeScheduler({ db, settings, log, onDataChanged: () => builder.schedule() });
  const app = createApp({
    database: () => db,
    bootstrapTokenHash: config.adminToken ? await sha256Hex(config.adminToken) : null,
    onDataChanged: async () => {
      builder.schedule();
      // Webhooks (and whatever else the change enqueued) go out now, not at the next timer run.
      scheduler.drainSoon(0);
      if (!config.deployHook) return;
      await requestSitePublish(db, new Date(), config.rebuildDebounceMs);
      scheduler.drainSoon(config.rebuildDebounceMs);
    },
    // A confirmation email or a console sign-in link goes out now, not at the next scheduled run.
    onOutboxWritten: () => scheduler.drainSoon(0),
    firstMemberEmail: () => config.adminEmail,
    clientAddress: nodeClientAddress(trustedProxies(config.trustedProxies)),
    siteHandler: serveStaticSite(builder.currentDir, {
      ...(config.apiOrigin ? { apiOrigin: config.apiOrigin } : {}),
      onSiteMissing: () => builder.rebuildIfSiteMissing(),
    }),
    webhookPolicy,
    resendWebhookSecret: () => config.mail.resendWebhookSecret,
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    await scheduler.stop();
    db.close();
    throw explainListenError(error, config.host, config.port);
  }
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
  const firstMember = await ensureFirstMember(db, config.adminEmail, now);
  if (firstMember)
    log(`console: member ${firstMember.email} created from CANDOR_ADMIN_EMAIL; sign in at ${url}/admin/`);
  // Once the page and the demo data are in place, so a first publish includes them.
  scheduler.runNow();

  const stopDayRollover = startDayRolloverRebuilds({
    timeZone: async () => (await getPage(db))?.time_zone ?? 'UTC',
    onNewDay: () => builder.schedule(),
  });

  const close = async () => {
    stopDayRollover();
    await scheduler.stop();
    builder.stop();
    await builder.whenIdle();
    await renderer.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
  };
  const firstBuild = builder.buildIfStale().then((built) => {
    // A live site from an earlier run: a full build now, in the background, readies the renderer,
    // so the first change renders only its own pages.
    if (!built && config.incrementalBuilds) builder.schedule();
  });
  if (options.waitForSite !== false) {
    await firstBuild;
    // With no site at all, every page would answer 503 while the banner says all is well.
    if (!(await builder.hasLiveSite())) {
      await close();
      throw new StartupError(undefined, 'the first build of the status site failed (its output is above)');
    }
  }
  return { url, db, builder, createdAdminToken, close };
}

// Without CANDOR_ADMIN_TOKEN, an instance with no token at all would be unmanageable: the first
// start issues one and the caller prints it once.
async function createFirstAdminToken(
  db: Client,
  config: NodeConfig,
  now: string,
): Promise<string | undefined> {
  if (config.adminToken || (await countActiveAdminTokens(db, now)) > 0) return undefined;
  const { token } = await issueAdminToken(db, { name: 'created at first start' }, { actor: 'system', now });
  return token;
}
