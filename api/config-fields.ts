// Validators shared by the Node configuration (api/env.ts) and the Worker's (api/worker-env.ts),
// so that one variable means the same on both runtimes.
import { z } from 'zod';
import type { DeployHook } from './outbox/deploy-hook.ts';

export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** CANDOR_ADMIN_EMAIL: the first console member, created while there is none. */
export const adminEmail = z.string().trim().max(254).pipe(z.email('must be an email address'));

export const adminToken = z.string().min(16, 'must be at least 16 characters');

/** The database: a local file for Node, libsql:// or http(s):// for a libSQL server. */
export const databaseUrl = z
  .string()
  .regex(/^(file|libsql|https?|wss?):/, 'must be a file:, libsql://, http(s):// or ws(s):// URL');

// The hook carries a bearer token and triggers a deploy: in clear text only to this machine.
function isHttpsOrLoopback(value: string): boolean {
  const url = new URL(value);
  const host = url.hostname;
  return (
    url.protocol === 'https:' || host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

export const deployHookUrl = httpUrl.refine(
  isHttpsOrLoopback,
  'must be an https:// URL (http:// only for localhost, 127.x.x.x or [::1])',
);

/** A static host's deploy hook to call after changes, and the bearer token it may need. */
export const deployHookFields = {
  CANDOR_DEPLOY_HOOK_URL: deployHookUrl.optional(),
  CANDOR_DEPLOY_HOOK_TOKEN: z.string().optional(),
};

export function deployHookFrom(values: {
  CANDOR_DEPLOY_HOOK_URL?: string | undefined;
  CANDOR_DEPLOY_HOOK_TOKEN?: string | undefined;
}): DeployHook | undefined {
  if (!values.CANDOR_DEPLOY_HOOK_URL) return undefined;
  return { url: values.CANDOR_DEPLOY_HOOK_URL, token: values.CANDOR_DEPLOY_HOOK_TOKEN };
}

/** Parses `env` with `schema`, or throws one readable error naming every bad variable. */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, unknown>): z.output<S> {
  // An empty value counts as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}

/** CANDOR_ALLOW_PRIVATE_WEBHOOKS: webhooks may target loopback and private addresses (never cloud metadata). */
export const webhookFields = {
  CANDOR_ALLOW_PRIVATE_WEBHOOKS: z
    .enum(['0', '1', 'true', 'false'])
    .transform((value) => value === '1' || value === 'true')
    .default(false),
};

/** The mail settings of both runtimes (see README, "Email"). */
export const mailFields = {
  RESEND_API_KEY: z
    .string()
    .regex(/^re_\S+$/, 'must be a Resend API key (re_…)')
    .optional(),
  RESEND_BASE_URL: httpUrl.optional(),
  // Resend's documented default is 2 requests per second per team; raised on request.
  RESEND_REQUESTS_PER_SECOND: z.coerce.number().positive().max(1000).default(2),
  CANDOR_EMAIL_FROM: z
    .string()
    .max(320)
    .regex(/^[^\r\n]*@[^\r\n]*$/, 'must be one address line such as "Acme Status <status@acme.example>"')
    .optional(),
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'must be the signing secret (whsec_…)')
    .optional(),
};

export interface MailConfig {
  /** Unset: Node writes .eml files instead; a Worker sends no email. */
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  /** The team's request rate at Resend; batch calls are spaced to stay within it. */
  resendRequestsPerSecond: number;
  emailFrom: string;
  resendWebhookSecret: string | undefined;
}

// A local default: Resend refuses senders outside a verified domain, so it is required with a key.
const OFFLINE_FROM = 'Candor <status@localhost>';

export function mailConfigFrom(values: {
  RESEND_API_KEY?: string | undefined;
  RESEND_BASE_URL?: string | undefined;
  RESEND_REQUESTS_PER_SECOND?: number | undefined;
  CANDOR_EMAIL_FROM?: string | undefined;
  RESEND_WEBHOOK_SECRET?: string | undefined;
}): MailConfig {
  if (values.RESEND_API_KEY && !values.CANDOR_EMAIL_FROM) {
    throw new Error('Invalid configuration:\n  CANDOR_EMAIL_FROM: required when RESEND_API_KEY is set');
  }
  return {
    resendApiKey: values.RESEND_API_KEY,
    resendBaseUrl: values.RESEND_BASE_URL?.replace(/\/+$/, ''),
    resendRequestsPerSecond: values.RESEND_REQUESTS_PER_SECOND ?? 2,
    emailFrom: values.CANDOR_EMAIL_FROM ?? OFFLINE_FROM,
    resendWebhookSecret: values.RESEND_WEBHOOK_SECRET,
  };
}
