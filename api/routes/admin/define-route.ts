import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../../context.ts';
import type { RouteDoc } from '../../openapi.ts';
import { ApiError } from '../../problem.ts';
import { scopeIncludes } from '../../services/admin-tokens.ts';
import type { ServiceContext } from '../../services/context.ts';
import { ServiceError } from '../../services/errors.ts';
import { parseQuery, readJsonBody } from '../../validation.ts';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<B, Q> {
  body: B;
  query: Q;
  /** Path parameters, e.g. `id` for `/components/{id}`. */
  params: Record<string, string>;
}

export interface AdminRoute extends RouteDoc {
  handle: (c: Context<AppEnv>) => Promise<Response>;
}

/** Maps a service's domain error to the API's problem; anything else passes through. */
export function toApiError(error: unknown): unknown {
  if (!(error instanceof ServiceError)) return error;
  switch (error.kind) {
    case 'not_found':
      return new ApiError('not_found', error.message);
    case 'conflict':
      return new ApiError('conflict', error.message, error.fields ? { errors: error.fields } : {});
    case 'invalid':
      return new ApiError('validation_failed', error.message, error.fields ? { errors: error.fields } : {});
  }
}

/**
 * A route: its documentation (schemas included) and its handler, which receives the body and
 * query already validated by those same schemas. It needs an `admin` token unless it says
 * otherwise (`scope: 'responder'`), and answers 403 to a token without that scope.
 */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
>(
  spec: Omit<RouteDoc, 'body' | 'query'> & {
    body?: B;
    query?: Q;
    handler: (c: Context<AppEnv>, input: RouteInput<Parsed<B>, Parsed<Q>>) => Promise<Response> | Response;
  },
): AdminRoute {
  const { handler, ...doc } = spec;
  const needed = spec.scope ?? 'admin';
  return {
    ...doc,
    handle: async (c) => {
      // The one place scopes are enforced: before the input is even read.
      if (!spec.public && !scopeIncludes(c.var.scope, needed)) {
        throw new ApiError(
          'forbidden',
          `This needs an ${needed} token; this token's scope is ${c.var.scope}.`,
        );
      }
      const query = (spec.query ? parseQuery(c, spec.query) : undefined) as Parsed<Q>;
      const body = (spec.body ? await readJsonBody(c, spec.body) : undefined) as Parsed<B>;
      try {
        return await handler(c, { body, query, params: c.req.param() as Record<string, string> });
      } catch (error) {
        throw toApiError(error);
      }
    },
  };
}

/** Registers routes on a Hono app, turning `{id}` into Hono's `:id`. */
export function mountRoutes(app: Hono<AppEnv>, routes: readonly AdminRoute[]): void {
  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path.replace(/\{(\w+)\}/g, ':$1'), route.handle);
  }
}

/** The service context of an authenticated request. */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  return { actor: c.var.actor, scope: c.var.scope, now: c.var.now() };
}

/** The path parameter, which the route pattern guarantees. */
export function param(input: { params: Record<string, string> }, name: string): string {
  const value = input.params[name];
  if (value === undefined) throw new Error(`Route has no parameter ${name}`);
  return value;
}
