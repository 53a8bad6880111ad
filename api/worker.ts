// Entry point on Cloudflare Workers (see wrangler.toml): the same app as api/node.ts, with the data
// in a libSQL server reached over HTTP, the site on a static host, and the periodic jobs run by the
// cron trigger.
import { type Client, createClient } from '@libsql/client/web';
import { createApp } from './app.ts';
import { drainUntilQuiet, type OutboxSettings, runScheduledJobs } from './jobs/scheduled.ts';
import { resendMailer } from './mail/resend-mailer.ts';
import { requestSitePublish } from './outbox/site-publish.ts';
import { ApiError } from './problem.ts';
import { readWorkerConfig, type WorkerConfig } from './worker-env.ts';

/** What each request hands the app as its bindings. */
interface RequestBindings {
  config: WorkerConfig | Error;
  db: Client | undefined;
}

interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

// A client per request: a Worker may not reuse I/O objects across requests, and over HTTP a
// client holds no connection worth keeping.
function openDatabase(config: WorkerConfig): Client {
  return createClient({
    url: config.databaseUrl,
    ...(config.databaseAuthToken ? { authToken: config.databaseAuthToken } : {}),
  });
}

function configured(bindings: unknown): { config: WorkerConfig; db: Client } {
  const { config, db } = bindings as RequestBindings;
  if (config instanceof Error || !db) {
    throw new ApiError('internal', 'The server is misconfigured; its log names the setting to fix.');
  }
  return { config, db };
}

const app = createApp({
  database: (bindings) => configured(bindings).db,
  bootstrapTokenHash: (bindings) => configured(bindings).config.adminTokenHash,
  webhookPolicy: (bindings) => ({ allowPrivate: configured(bindings).config.allowPrivateWebhooks }),
  resendWebhookSecret: (bindings) => configured(bindings).config.mail.resendWebhookSecret,
  onDataChanged: async (c) => {
    const { config, db } = configured(c.env);
    if (config.deployHook) await requestSitePublish(db, new Date(), config.publishDelayMs);
    // Notifications and webhooks go out at once; a publish waits for changes made within the delay
    // to join it. The cron trigger is the safety net for both.
    c.executionCtx.waitUntil(drainAfter(0, db, config));
    if (config.deployHook) c.executionCtx.waitUntil(drainAfter(config.publishDelayMs, db, config));
  },
  // A confirmation email goes out now, not at the next cron run.
  onOutboxWritten: (c) => {
    const { config, db } = configured(c.env);
    c.executionCtx.waitUntil(drainAfter(0, db, config));
  },
  firstMemberEmail: (bindings) => configured(bindings).config.adminEmail,
  siteHandler: async (c, next) => {
    // The page lives on the static host: send people who land on the API's address there.
    const { config } = configured(c.env);
    if (!config.publicUrl || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    // Concatenated, not resolved: a path such as //elsewhere must not become another host.
    return c.redirect(`${config.publicUrl}${new URL(c.req.url).pathname}`, 302);
  },
});

async function drainAfter(delayMs: number, db: Client, config: WorkerConfig): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, delayMs + 50));
  await drainUntilQuiet(db, outboxSettings(config));
}

// No resolver: a Worker cannot look names up, so the SSRF guard checks IP literals and names.
const outboxSettings = (config: WorkerConfig): OutboxSettings => ({
  deployHook: config.deployHook,
  webhooks: { policy: { allowPrivate: config.allowPrivateWebhooks } },
  mail: workerMail(config),
});

// Resend only: a Worker has no files. The base URL is passed since the SDK would read process.env.
function workerMail(config: WorkerConfig): OutboxSettings['mail'] {
  const { resendApiKey, resendBaseUrl, emailFrom, resendRequestsPerSecond } = config.mail;
  if (!resendApiKey) return undefined;
  return {
    mailer: resendMailer({
      apiKey: resendApiKey,
      baseUrl: resendBaseUrl ?? 'https://api.resend.com',
      from: emailFrom,
      requestsPerSecond: resendRequestsPerSecond,
    }),
    linkOrigin: config.apiOrigin,
  };
}

async function bindingsFor(env: Record<string, unknown>): Promise<RequestBindings> {
  try {
    const config = await readWorkerConfig(env);
    return { config, db: openDatabase(config) };
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return { config: error instanceof Error ? error : new Error(String(error)), db: undefined };
  }
}

export default {
  async fetch(request: Request, env: Record<string, unknown>, ctx: WaitUntil): Promise<Response> {
    return app.fetch(request, await bindingsFor(env), ctx as never);
  },

  async scheduled(_controller: unknown, env: Record<string, unknown>): Promise<void> {
    const config = await readWorkerConfig(env);
    const run = await runScheduledJobs(openDatabase(config), outboxSettings(config));
    console.log(`Scheduled jobs: ${JSON.stringify(run)}`);
  },
};
