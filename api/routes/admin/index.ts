// PLACEHOLDER: replaced by the admin API work.
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';

export function adminRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
