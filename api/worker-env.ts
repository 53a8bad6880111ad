// The Worker's configuration: vars from wrangler.toml and secrets (`wrangler secret put`), read
// from the bindings rather than process.env, and validated once per isolate.
import { z } from 'zod';
import { sha256Hex } from '../db/hash.ts';
import {
  adminEmail,
  adminToken,
  deployHookFields,
  deployHookFrom,
  httpUrl,
  type MailConfig,
  mailConfigFrom,
  mailFields,
  parseConfig,
  webhookFields,
} from './config-fields.ts';
import type { DeployHook } from './outbox/deploy-hook.ts';

const WorkerEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(
      /^(libsql|https?):\/\//,
      'must be the libsql:// or https:// URL of a libSQL server (a Worker has no files)',
    ),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  CANDOR_ADMIN_TOKEN: adminToken.optional(),
  CANDOR_ADMIN_EMAIL: adminEmail.optional(),
  CANDOR_PUBLIC_URL: httpUrl.optional(),
  ...deployHookFields,
  // waitUntil keeps a Worker for 30 s after its response: the delay must end well within that.
  CANDOR_PUBLISH_DELAY_SECONDS: z.coerce.number().int().min(0).max(20).default(10),
  ...webhookFields,
  ...mailFields,
  // Where the links in emails point (confirm, manage, unsubscribe): the Worker's own address.
  CANDOR_API_ORIGIN: httpUrl.optional(),
});

export interface WorkerConfig {
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  adminTokenHash: string | null;
  /** The first console member's address (CANDOR_ADMIN_EMAIL). */
  adminEmail: string | undefined;
  /** Where the status page lives; the Worker redirects page paths there. */
  publicUrl: string | undefined;
  deployHook: DeployHook | undefined;
  publishDelayMs: number;
  /** Only IP literals are checked on Workers (no DNS); Cloudflare does not route to private ranges. */
  allowPrivateWebhooks: boolean;
  /** A Worker sends email through Resend only: without RESEND_API_KEY it sends none. */
  mail: MailConfig;
  apiOrigin: string | undefined;
}

const parsedConfigs = new WeakMap<object, Promise<WorkerConfig>>();

/** The configuration in `env`; throws an error naming every bad variable. */
export function readWorkerConfig(env: Record<string, unknown>): Promise<WorkerConfig> {
  let config = parsedConfigs.get(env);
  if (!config) {
    config = parseWorkerConfig(env);
    parsedConfigs.set(env, config);
  }
  return config;
}

async function parseWorkerConfig(env: Record<string, unknown>): Promise<WorkerConfig> {
  const strings = Object.fromEntries(Object.entries(env).filter(([, value]) => typeof value === 'string'));
  const values = parseConfig(WorkerEnvSchema, strings);
  return {
    databaseUrl: values.DATABASE_URL,
    databaseAuthToken: values.DATABASE_AUTH_TOKEN,
    adminTokenHash: values.CANDOR_ADMIN_TOKEN ? await sha256Hex(values.CANDOR_ADMIN_TOKEN) : null,
    adminEmail: values.CANDOR_ADMIN_EMAIL,
    publicUrl: values.CANDOR_PUBLIC_URL?.replace(/\/+$/, ''),
    deployHook: deployHookFrom(values),
    publishDelayMs: values.CANDOR_PUBLISH_DELAY_SECONDS * 1000,
    allowPrivateWebhooks: values.CANDOR_ALLOW_PRIVATE_WEBHOOKS,
    mail: mailConfigFrom(values),
    apiOrigin: values.CANDOR_API_ORIGIN?.replace(/\/+$/, ''),
  };
}
