import { expect, test } from 'vitest';
import { createTestApp } from '../../support/app.ts';
import { call, rawCall } from './http.ts';

test('onDataChanged runs once after each successful write, never after reads or refused writes', async () => {
  const t = await createTestApp();
  const group = (await call(t, 'POST', '/admin/v1/component-groups', { name: 'Edge' })).body;
  expect(t.changes.count).toBe(1);
  const api = (await call(t, 'POST', '/admin/v1/components', { name: 'API', group_id: group.id })).body;
  await call(t, 'PATCH', `/admin/v1/components/${api.id}`, { status: 'partial_outage' });
  const incident = (
    await call(t, 'POST', '/admin/v1/incidents', {
      name: 'Slow',
      status: 'identified',
      impact: 'minor',
      message: 'Slow.',
    })
  ).body;
  await call(t, 'POST', `/admin/v1/incidents/${incident.id}/updates`, {
    status: 'resolved',
    message: 'Fast.',
  });
  expect(t.changes.count).toBe(5);

  for (const path of [
    '/components',
    '/component-groups',
    '/incidents',
    `/incidents/${incident.id}`,
    '/audit-log',
  ]) {
    expect((await call(t, 'GET', `/admin/v1${path}`)).status).toBe(200);
  }
  expect((await rawCall(t, 'GET', '/admin/v1/openapi.json')).status).toBe(200);
  expect(t.changes.count).toBe(5);

  expect((await call(t, 'POST', '/admin/v1/components', { name: '' })).status).toBe(400);
  expect((await call(t, 'POST', '/admin/v1/component-groups', { name: 'Edge' })).status).toBe(409);
  expect((await call(t, 'DELETE', `/admin/v1/component-groups/${group.id}`)).status).toBe(409);
  expect((await call(t, 'DELETE', '/admin/v1/incidents/inc_nope')).status).toBe(404);
  expect((await rawCall(t, 'DELETE', `/admin/v1/components/${api.id}`)).status).toBe(401);
  expect(t.changes.count).toBe(5);

  expect((await call(t, 'DELETE', `/admin/v1/components/${api.id}`)).status).toBe(204);
  expect(t.changes.count).toBe(6);
});
