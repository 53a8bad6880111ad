// Validators shared by the Node configuration (api/env.ts) and the Worker's (api/worker-env.ts),
// so that one variable means the same on both runtimes.
import { z } from 'zod';

export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const adminToken = z.string().min(16, 'must be at least 16 characters');

/** The database: a local file for Node, libsql:// or http(s):// for a libSQL server. */
export const databaseUrl = z
  .string()
  .regex(/^(file|libsql|https?|wss?):/, 'must be a file:, libsql://, http(s):// or ws(s):// URL');

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
