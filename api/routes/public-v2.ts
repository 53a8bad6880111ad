// PLACEHOLDER: replaced by the public JSON work.
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import type { PublicCache } from '../public/cache.ts';

export function publicV2Routes(_cache: PublicCache): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
