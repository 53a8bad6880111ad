import { describe, expect, test } from 'vitest';
import { ADMIN_ROUTES, adminRoutes } from '../../../api/routes/admin/index.ts';
import { createTestApp } from '../../support/app.ts';
import { rawCall } from './http.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is walked loosely; each read is asserted
type Json = Record<string, any>;

const EXPECTED_OPERATIONS = [
  'get /page',
  'patch /page',
  'get /component-groups',
  'post /component-groups',
  'get /component-groups/{id}',
  'patch /component-groups/{id}',
  'delete /component-groups/{id}',
  'get /components',
  'post /components',
  'get /components/{id}',
  'patch /components/{id}',
  'delete /components/{id}',
  'get /components/{id}/status-changes',
  'get /incidents',
  'post /incidents',
  'post /incidents/{id}/postmortem-waiver',
  'get /incidents/{id}',
  'patch /incidents/{id}',
  'delete /incidents/{id}',
  'post /incidents/{id}/updates',
  'patch /incidents/{id}/updates/{update_id}',
  'get /incidents/{id}/postmortem',
  'put /incidents/{id}/postmortem',
  'get /incidents/{id}/postmortem/preview',
  'delete /incidents/{id}/postmortem',
  'post /incidents/{id}/postmortem/publish',
  'get /incident-templates',
  'post /incident-templates',
  'get /incident-templates/{id}',
  'patch /incident-templates/{id}',
  'delete /incident-templates/{id}',
  'get /insights',
  'get /insights.csv',
  'get /tokens',
  'post /tokens',
  'delete /tokens/{id}',
  'get /members',
  'post /members',
  'delete /members/{id}',
  'get /audit-log',
  'get /site/builds',
  'get /openapi.json',
  'get /outbox',
  'get /webhooks',
  'post /webhooks',
  'get /webhooks/{id}',
  'patch /webhooks/{id}',
  'delete /webhooks/{id}',
  'get /subscribers.csv',
  'post /subscribers/import',
  'get /subscribers',
  'post /subscribers',
  'get /subscribers/{id}',
  'patch /subscribers/{id}',
  'delete /subscribers/{id}',
  'get /maintenances',
  'post /maintenances',
  'get /maintenances/{id}',
  'patch /maintenances/{id}',
  'delete /maintenances/{id}',
  'post /maintenances/{id}/updates',
];

const fetchDocument = async () => {
  const t = await createTestApp();
  const answer = await rawCall(t, 'GET', '/admin/v1/openapi.json');
  expect(answer.status).toBe(200);
  return answer.body as Json;
};

// Every $ref in the document, to check that each one resolves.
function collectRefs(node: unknown, refs: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, refs);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value);
      else collectRefs(value, refs);
    }
  }
  return refs;
}

describe('OpenAPI document', () => {
  test('is served without a token as an OpenAPI 3.1 document with bearer security', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.servers).toEqual([{ url: '/admin/v1' }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/openapi.json'].get.security).toEqual([]);
  });

  test('names the token scope each operation needs, and documents the 403', async () => {
    const doc = await fetchDocument();
    expect(doc.paths['/incidents/{id}/updates'].post.security).toEqual([{ bearerAuth: ['responder'] }]);
    expect(doc.paths['/tokens'].post.security).toEqual([{ bearerAuth: ['admin'] }]);
    expect(doc.paths['/page'].patch.responses['403']).toEqual({ $ref: '#/components/responses/Forbidden' });
  });

  test('lists every operation, and every mounted route is documented', async () => {
    const doc = await fetchDocument();
    const documented = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual([...EXPECTED_OPERATIONS].sort());
    const mounted = adminRoutes()
      .routes.filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(mounted.sort()).toEqual([...EXPECTED_OPERATIONS].sort());
  });

  test('gives each body-taking route the JSON schema of its zod body schema', async () => {
    const doc = await fetchDocument();
    for (const route of ADMIN_ROUTES.filter((candidate) => candidate.body)) {
      const operation = doc.paths[route.path][route.method];
      const ref: string = operation.requestBody.content['application/json'].schema.$ref;
      const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
      expect(schema, route.operationId).toMatchObject({ type: 'object', additionalProperties: false });
      expect(Object.keys(schema.properties).length, route.operationId).toBeGreaterThan(0);
      expect(operation.responses['400'], route.operationId).toEqual({
        $ref: '#/components/responses/BadRequest',
      });
    }
    const incident = doc.components.schemas.CreateIncidentRequest;
    // A template may give any of them, so none is required by the schema; the route answers 400
    // naming each one that neither the request nor the template gives.
    expect(incident.required).toBeUndefined();
    expect(Object.keys(incident.properties)).toEqual(
      expect.arrayContaining(['template_id', 'impact', 'message', 'name', 'status']),
    );
    expect(incident.properties.components.additionalProperties).toEqual({
      $ref: '#/components/schemas/ComponentStatus',
    });
    expect(doc.components.schemas.ComponentStatus.enum).toContain('major_outage');
  });

  test('documents problem responses, query and path parameters, and resolves every reference', async () => {
    const doc = await fetchDocument();
    expect(doc.components.responses.Unauthorized.content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(doc.paths['/components'].get.responses['401']).toEqual({
      $ref: '#/components/responses/Unauthorized',
    });
    expect(doc.paths['/component-groups/{id}'].delete.responses['409']).toBeDefined();
    const list = doc.paths['/incidents'].get.parameters.map((parameter: Json) => parameter.name);
    expect(list).toEqual(['limit', 'before', 'status']);
    const path = doc.paths['/incidents/{id}/updates/{update_id}'].patch.parameters;
    expect(path.map((parameter: Json) => [parameter.name, parameter.in])).toEqual([
      ['id', 'path'],
      ['update_id', 'path'],
    ]);
    for (const ref of collectRefs(doc)) {
      const [, section, name] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(ref) ?? [];
      expect(section && name && doc.components[section][name], ref).toBeTruthy();
    }
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });
});
