import { describe, expect, test } from 'vitest';
import { ADMIN_ROUTES } from '../../../api/routes/admin/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { call, pointersOf, rawCall } from './http.ts';

const as = (t: TestApp, token: string, method: string, path: string, body?: unknown) =>
  rawCall(t, method, path, {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function issue(t: TestApp, body: Record<string, unknown>, by?: string) {
  const answer = by
    ? await as(t, by, 'POST', '/admin/v1/tokens', body)
    : await call(t, 'POST', '/admin/v1/tokens', body);
  expect(answer.status).toBe(201);
  return answer.body as { id: string; token: string; scope: string };
}

const RESPONDER_OPERATIONS = [
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
  'get /maintenances',
  'post /maintenances',
  'get /maintenances/{id}',
  'patch /maintenances/{id}',
  'delete /maintenances/{id}',
  'post /maintenances/{id}/updates',
  // Responders led the incident, and write and publish its post-mortem (issue 7's scope list).
  'get /incidents/{id}/postmortem',
  'put /incidents/{id}/postmortem',
  'get /incidents/{id}/postmortem/preview',
  'post /incidents/{id}/postmortem/publish',
  'delete /incidents/{id}/postmortem',
  'get /incident-templates',
  'post /incident-templates',
  'get /incident-templates/{id}',
  'patch /incident-templates/{id}',
  'delete /incident-templates/{id}',
];

describe('token scopes', () => {
  test('only incident and component routes are open to responders; every other route needs admin', () => {
    const open = ADMIN_ROUTES.filter((route) => route.scope === 'responder').map(
      (r) => `${r.method} ${r.path}`,
    );
    expect(open.sort()).toEqual([...RESPONDER_OPERATIONS].sort());
  });

  test('a responder token runs incidents and components', async () => {
    const t = await createTestApp();
    const { token } = await issue(t, { name: 'on call', scope: 'responder' });
    const component = await as(t, token, 'POST', '/admin/v1/components', { name: 'API' });
    expect(component.status).toBe(201);
    const group = await as(t, token, 'POST', '/admin/v1/component-groups', { name: 'Edge' });
    expect(group.status).toBe(201);
    const incident = await as(t, token, 'POST', '/admin/v1/incidents', {
      name: 'Down',
      status: 'investigating',
      impact: 'major',
      message: 'Looking.',
      components: { [component.body.id]: 'major_outage' },
    });
    expect(incident.status).toBe(201);
    const update = { status: 'resolved', message: 'Fixed.' };
    expect(
      (await as(t, token, 'POST', `/admin/v1/incidents/${incident.body.id}/updates`, update)).status,
    ).toBe(201);
  });

  test('a responder token gets 403 on tokens, settings, the audit log and the outbox, and changes nothing', async () => {
    const t = await createTestApp();
    const { token, id } = await issue(t, { name: 'on call', scope: 'responder' });
    const before = t.changes.count;
    const refused = [
      await as(t, token, 'GET', '/admin/v1/tokens'),
      await as(t, token, 'POST', '/admin/v1/tokens', { name: 'escalate', scope: 'admin' }),
      await as(t, token, 'POST', '/admin/v1/tokens', { name: 'sibling', scope: 'responder' }),
      await as(t, token, 'DELETE', `/admin/v1/tokens/${id}`),
      await as(t, token, 'GET', '/admin/v1/page'),
      await as(t, token, 'PATCH', '/admin/v1/page', { name: 'Hijacked' }),
      await as(t, token, 'GET', '/admin/v1/audit-log'),
      await as(t, token, 'GET', '/admin/v1/outbox'),
      await as(t, token, 'GET', '/admin/v1/site/builds'),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('Content-Type')).toBe('application/problem+json');
      expect(answer.body.type).toBe('/problems/forbidden');
    }
    expect((await call(t, 'GET', '/admin/v1/tokens')).body).toHaveLength(1);
    expect(t.changes.count).toBe(before);
  });

  test('a new token takes the scope of the token issuing it unless it asks for a lower one', async () => {
    const t = await createTestApp();
    const admin = await issue(t, { name: 'ops' });
    expect(admin.scope).toBe('admin');
    const child = await issue(t, { name: 'child' }, admin.token);
    expect(child).toMatchObject({ scope: 'admin', created_by: admin.id });
    const responder = await issue(t, { name: 'pager', scope: 'responder' }, admin.token);
    expect(responder.scope).toBe('responder');
    const unknown = await call(t, 'POST', '/admin/v1/tokens', { name: 'x', scope: 'owner' });
    expect(unknown.status).toBe(400);
    expect(pointersOf(unknown.body)).toEqual(['/scope']);
  });
});

describe('token expiry', () => {
  test('a token is refused with 401 from its expiry on', async () => {
    let now = Date.parse('2026-05-01T11:00:00.000Z');
    const t = await createTestApp({ clock: () => new Date(now) });
    const issued = await issue(t, { name: 'contractor', expires_at: '2026-05-01T13:00:00+01:00' });
    expect(issued).toMatchObject({ expires_at: '2026-05-01T12:00:00.000Z' });
    const lasting = await issue(t, { name: 'ci' });
    now = Date.parse('2026-05-01T11:59:59.999Z');
    expect((await as(t, issued.token, 'GET', '/admin/v1/components')).status).toBe(200);
    now = Date.parse('2026-05-01T12:00:00.000Z');
    const expired = await as(t, issued.token, 'GET', '/admin/v1/components');
    expect(expired.status).toBe(401);
    expect(expired.headers.get('WWW-Authenticate')).toContain('invalid_token');
    expect((await as(t, lasting.token, 'GET', '/admin/v1/components')).status).toBe(200);
  });

  test('refuses an expiry that is not in the future, naming the field, and accepts one that is', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-05-01T12:00:00.000Z') });
    for (const expires_at of ['2026-05-01T12:00:00Z', '2020-01-01T00:00:00Z', 'tomorrow']) {
      const answer = await call(t, 'POST', '/admin/v1/tokens', { name: 'x', expires_at });
      expect(answer.status, expires_at).toBe(400);
      expect(pointersOf(answer.body)).toEqual(['/expires_at']);
    }
    expect((await call(t, 'GET', '/admin/v1/tokens')).body).toEqual([]);
    const later = await call(t, 'POST', '/admin/v1/tokens', {
      name: 'x',
      expires_at: '2026-05-01T12:00:00.001Z',
    });
    expect(later.status).toBe(201);
  });
});

describe('token revocation', () => {
  test('revoking a token revokes every token it minted, directly or not, and names the revoker', async () => {
    const t = await createTestApp();
    const leaked = await issue(t, { name: 'leaked' });
    const child = await issue(t, { name: 'child' }, leaked.token);
    const grandchild = await issue(t, { name: 'grandchild', scope: 'responder' }, child.token);
    const bystander = await issue(t, { name: 'bystander' });
    const revoker = await issue(t, { name: 'security' });
    expect((await as(t, revoker.token, 'DELETE', `/admin/v1/tokens/${leaked.id}`)).status).toBe(204);
    for (const token of [leaked, child, grandchild]) {
      expect((await as(t, token.token, 'GET', '/admin/v1/components')).status, token.id).toBe(401);
    }
    expect((await as(t, bystander.token, 'GET', '/admin/v1/components')).status).toBe(200);
    const listed = (await call(t, 'GET', '/admin/v1/tokens')).body as Array<Record<string, unknown>>;
    const byId = new Map(listed.map((token) => [token.id, token]));
    for (const token of [leaked, child, grandchild]) {
      expect(byId.get(token.id)).toMatchObject({ revoked_by: revoker.id, revoked_at: expect.any(String) });
    }
    expect(byId.get(bystander.id)).toMatchObject({ revoked_at: null, revoked_by: null });
    const audit = (await call(t, 'GET', '/admin/v1/audit-log?resource_type=admin_token')).body;
    const revocations = audit.filter((entry: { action: string }) => entry.action === 'admin_token.revoke');
    expect(revocations.map((entry: { resource_id: string }) => entry.resource_id).sort()).toEqual(
      [leaked.id, child.id, grandchild.id].sort(),
    );
    for (const entry of revocations) expect(entry.actor).toBe(revoker.id);
  });

  test('revoking a token again keeps the first revoker', async () => {
    const t = await createTestApp();
    const target = await issue(t, { name: 'old' });
    const first = await issue(t, { name: 'first' });
    await as(t, first.token, 'DELETE', `/admin/v1/tokens/${target.id}`);
    await call(t, 'DELETE', `/admin/v1/tokens/${target.id}`);
    const listed = (await call(t, 'GET', '/admin/v1/tokens')).body as Array<{
      id: string;
      revoked_by: string;
    }>;
    expect(listed.find((token) => token.id === target.id)?.revoked_by).toBe(first.id);
  });
});

test('the answer that shows a new token is never cached', async () => {
  const t = await createTestApp();
  const answer = await call(t, 'POST', '/admin/v1/tokens', { name: 'ci' });
  expect(answer.status).toBe(201);
  expect(answer.headers.get('Cache-Control')).toBe('no-store');
});

describe('expiry of issued tokens', () => {
  test('a token that expires cannot issue one that outlives it, and its tokens expire with it by default', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-05-01T12:00:00.000Z') });
    const contractor = await issue(t, { name: 'contractor', expires_at: '2026-05-02T00:00:00Z' });
    const longer = await as(t, contractor.token, 'POST', '/admin/v1/tokens', {
      name: 'forever',
      expires_at: '2027-01-01T00:00:00Z',
    });
    expect(longer.status).toBe(400);
    expect(pointersOf(longer.body)).toEqual(['/expires_at']);
    const inherited = await issue(t, { name: 'helper' }, contractor.token);
    expect(inherited).toMatchObject({ expires_at: '2026-05-02T00:00:00.000Z' });
    const shorter = await issue(t, { name: 'short', expires_at: '2026-05-01T18:00:00Z' }, contractor.token);
    expect(shorter).toMatchObject({ expires_at: '2026-05-01T18:00:00.000Z' });
  });
});
