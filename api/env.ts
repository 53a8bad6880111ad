// The only reader of process.env: configuration is validated once, at the edge of the program.
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  adminEmail,
  adminToken,
  databaseUrl,
  deployHookFields,
  deployHookFrom,
  httpUrl,
  type MailConfig,
  mailConfigFrom,
  mailFields,
  parseConfig,
  webhookFields,
} from './config-fields.ts';
import { trustedProxies } from './node-client-address.ts';
import type { DeployHook } from './outbox/deploy-hook.ts';

const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');

const NodeEnvSchema = z.object({
  CANDOR_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: databaseUrl.optional(),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z
    .string()
    .regex(/^\d+$/, 'must be a whole number from 0 to 65535')
    .transform(Number)
    .pipe(z.number().max(65_535, 'must be a whole number from 0 to 65535'))
    .default(3000),
  CANDOR_ADMIN_TOKEN: adminToken.optional(),
  CANDOR_ADMIN_EMAIL: adminEmail.optional(),
  CANDOR_DEMO: flag.default(true),
  CANDOR_PAGE_NAME: z.string().min(1).max(100).optional(),
  CANDOR_PUBLIC_URL: httpUrl.optional(),
  CANDOR_TIME_ZONE: z.string().min(1).default('UTC'),
  CANDOR_API_ORIGIN: httpUrl.optional(),
  ...deployHookFields,
  CANDOR_REBUILD_DEBOUNCE_MS: z.coerce.number().int().min(0).max(600_000).default(100),
  // The Node server answers the live script's summary.json check from memory with a 304, so a
  // short period costs it little and keeps open tabs within seconds of a change. A static build
  // without this server keeps site/lib/env.ts's longer default.
  CANDOR_LIVE_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(3),
  ...webhookFields,
  ...mailFields,
  CANDOR_BUILD_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  CANDOR_INCREMENTAL_BUILDS: flag.default(true),
  CANDOR_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        trustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
});

export interface NodeConfig {
  dataDir: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  host: string;
  port: number;
  adminToken: string | undefined;
  /** The first console member's address (CANDOR_ADMIN_EMAIL). */
  adminEmail: string | undefined;
  demo: boolean;
  pageName: string;
  /** The page's public address, as written into links and feeds. */
  publicUrl: string | undefined;
  timeZone: string;
  /** Origin the live script fetches from; undefined for the same origin as the page. */
  apiOrigin: string | undefined;
  rebuildDebounceMs: number;
  liveRefreshSeconds: number;
  /** A site build running longer is killed, recorded as failed and tried again. */
  buildTimeoutMs: number;
  /** Rebuild only the pages a change touches (default); false runs a full `astro build` for every change. */
  incrementalBuilds: boolean;
  /** Also publish to a static host through this hook after each change (besides serving the site). */
  deployHook: DeployHook | undefined;
  /** Webhooks may target loopback and private networks (cloud metadata stays refused). */
  allowPrivateWebhooks: boolean;
  /** RESEND_API_KEY, RESEND_BASE_URL, CANDOR_EMAIL_FROM, RESEND_WEBHOOK_SECRET. */
  mail: MailConfig;
  /** CANDOR_TRUSTED_PROXIES: whose X-Forwarded-For names the client (api/node-client-address.ts). */
  trustedProxies: string | undefined;
}

/** Reads and validates the Node server's configuration; throws a readable error naming each bad variable. */
export function readNodeConfig(env: Record<string, string | undefined> = process.env): NodeConfig {
  const values = parseConfig(NodeEnvSchema, env);
  const dataDir = resolve(values.CANDOR_DATA_DIR);
  return {
    dataDir,
    databaseUrl: values.DATABASE_URL ?? `file:${resolve(dataDir, 'candor.db')}`,
    databaseAuthToken: values.DATABASE_AUTH_TOKEN,
    host: values.HOST,
    port: values.PORT,
    adminToken: values.CANDOR_ADMIN_TOKEN,
    adminEmail: values.CANDOR_ADMIN_EMAIL,
    demo: values.CANDOR_DEMO,
    pageName: values.CANDOR_PAGE_NAME ?? (values.CANDOR_DEMO ? 'Candor Demo' : 'Status'),
    publicUrl: values.CANDOR_PUBLIC_URL?.replace(/\/+$/, ''),
    timeZone: values.CANDOR_TIME_ZONE,
    apiOrigin: values.CANDOR_API_ORIGIN?.replace(/\/+$/, ''),
    rebuildDebounceMs: values.CANDOR_REBUILD_DEBOUNCE_MS,
    liveRefreshSeconds: values.CANDOR_LIVE_REFRESH_SECONDS,
    buildTimeoutMs: values.CANDOR_BUILD_TIMEOUT_SECONDS * 1000,
    incrementalBuilds: values.CANDOR_INCREMENTAL_BUILDS,
    deployHook: deployHookFrom(values),
    allowPrivateWebhooks: values.CANDOR_ALLOW_PRIVATE_WEBHOOKS,
    mail: mailConfigFrom(values),
    trustedProxies: values.CANDOR_TRUSTED_PROXIES,
  };
}
