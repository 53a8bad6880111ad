import { z } from 'zod';
import type { TokenScope } from '../db/types.ts';

// The OpenAPI 3.1 document is generated from the very zod schemas that validate requests, through
// a registry of routes: a route cannot exist without appearing in the document.

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI style, relative to the API's base: `/components/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Served without authentication. */
  public?: boolean;
  /**
   * The token scope the route needs; `admin` when not given, so that a route added without
   * thinking about scopes is closed to responders.
   */
  scope?: TokenScope;
  body?: z.ZodType;
  query?: z.ZodObject;
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType };
  /** Error statuses besides those implied (401, 400/413/415 with a body, 400 with a query, 404 with a path id). */
  errors?: Array<404 | 409>;
}

export interface ApiInfo {
  title: string;
  version: string;
  description: string;
  /** Where the routes' paths start, e.g. `/admin/v1`. */
  basePath: string;
}

const ProblemSchema = z
  .object({
    type: z.string().describe('A URI reference naming the problem type, e.g. /problems/validation_failed.'),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().describe('The request path.'),
    errors: z
      .array(
        z.object({
          pointer: z.string().describe('JSON pointer to the field, e.g. /components/cmp_x.'),
          detail: z.string(),
        }),
      )
      .optional()
      .describe('One entry per invalid field (validation problems only).'),
  })
  .describe('An RFC 9457 problem document, served as application/problem+json.');

const problem = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const PROBLEM_RESPONSES = {
  BadRequest: problem(
    'The request is malformed or has invalid fields (listed in errors[]); nothing was changed.',
  ),
  Unauthorized: problem('No valid admin token was sent (missing, unknown or revoked).', {
    'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer' },
  }),
  Forbidden: problem(
    'The admin token is valid but its scope does not allow this (a responder token on an admin route).',
  ),
  NotFound: problem('No resource has this id.'),
  Conflict: problem('The change conflicts with existing data (a duplicate name, a group that is not empty).'),
  PayloadTooLarge: problem('The body is larger than 64 KB.'),
  UnsupportedMediaType: problem('The body is not declared as application/json.'),
} as const;

// zod spells out date formats as long regular expressions too; `format` says the same to readers.
function dropFormatPatterns(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropFormatPatterns(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if ((schema.format === 'date' || schema.format === 'date-time') && 'pattern' in schema)
    delete schema.pattern;
  for (const value of Object.values(schema)) dropFormatPatterns(value);
}

const pascal = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function registerSchemas(routes: readonly RouteDoc[], named: Record<string, z.ZodType>) {
  const registry = z.registry<{ id: string }>();
  registry.add(ProblemSchema, { id: 'Problem' });
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const idOf = (schema: z.ZodType, fallback: string) => {
    const existing = registry.get(schema)?.id;
    if (existing) return existing;
    registry.add(schema, { id: fallback });
    return fallback;
  };
  const refs = new Map<RouteDoc, { body?: string; success?: string }>();
  for (const route of routes) {
    const name = pascal(route.operationId);
    refs.set(route, {
      ...(route.body ? { body: idOf(route.body, `${name}Request`) } : {}),
      ...(route.success.schema ? { success: idOf(route.success.schema, `${name}Response`) } : {}),
    });
  }
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  });
  // Each schema is embedded in the document: a $schema or $id of its own would change how its
  // references resolve.
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  dropFormatPatterns(schemas);
  return { schemas, refs };
}

function queryParameters(query: z.ZodObject | undefined): unknown[] {
  if (!query) return [];
  const json = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' });
  dropFormatPatterns(json);
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema as { description?: string };
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParameters(path: string): unknown[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

function errorResponses(route: RouteDoc): Record<string, { $ref: string }> {
  const responses: Record<string, { $ref: string }> = {};
  const ref = (name: keyof typeof PROBLEM_RESPONSES) => ({ $ref: `#/components/responses/${name}` });
  if (route.body || route.query) responses['400'] = ref('BadRequest');
  if (!route.public) responses['401'] = ref('Unauthorized');
  if (!route.public) responses['403'] = ref('Forbidden');
  if (route.path.includes('{') || route.errors?.includes(404)) responses['404'] = ref('NotFound');
  if (route.errors?.includes(409)) responses['409'] = ref('Conflict');
  if (route.body) {
    responses['413'] = ref('PayloadTooLarge');
    responses['415'] = ref('UnsupportedMediaType');
  }
  return responses;
}

function operation(route: RouteDoc, refs: { body?: string; success?: string }) {
  const jsonOf = (id: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${id}` } } });
  const parameters = [...pathParameters(route.path), ...queryParameters(route.query)];
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    // OpenAPI 3.1 lets a bearer requirement list roles: the scope the route needs.
    security: route.public ? [] : [{ bearerAuth: [route.scope ?? 'admin'] }],
    ...(parameters.length ? { parameters } : {}),
    ...(refs.body ? { requestBody: { required: true, content: jsonOf(refs.body) } } : {}),
    responses: {
      [String(route.success.status)]: {
        description: route.success.description,
        ...(refs.success ? { content: jsonOf(refs.success) } : {}),
      },
      ...errorResponses(route),
    },
  };
}

/**
 * The OpenAPI 3.1 document of `routes`. `named` gives component names to shared schemas (e.g.
 * `Component`); request bodies and responses without one are named after their operation.
 */
export function buildOpenApiDocument(
  info: ApiInfo,
  routes: readonly RouteDoc[],
  named: Record<string, z.ZodType>,
): Record<string, unknown> {
  const { schemas, refs } = registerSchemas(routes, named);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operation(route, refs.get(route) ?? {});
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
    servers: [{ url: info.basePath }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An admin token (`cnd_…`) issued through POST /tokens, or the bootstrap token. Each operation lists the scope it needs: `admin` (admin tokens only) or `responder` (any token).',
        },
      },
      schemas,
      responses: PROBLEM_RESPONSES,
    },
  };
}
