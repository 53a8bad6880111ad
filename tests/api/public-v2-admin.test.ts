import { describe, expect, it } from 'vitest';
import type { V2Component, V2Incident, V2Page, V2Status } from '../../api/public/statuspage-format.ts';
import { insertPage } from '../public/fixtures.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// The public documents follow admin writes made through the real app: every successful write
// invalidates the in-memory bodies, and the next GET reads the new data.

/** The union of the public documents' top-level keys; each test reads the ones its path has. */
interface PublicDocument {
  page: V2Page;
  status: V2Status;
  components: V2Component[];
  incidents: V2Incident[];
}

async function publicJson(t: TestApp, path: string) {
  const response = await t.app.request(`/api/v2/${path}`);
  expect(response.status).toBe(200);
  return { etag: response.headers.get('etag'), body: (await response.json()) as PublicDocument };
}

async function adminJson(t: TestApp, method: string, path: string, body?: unknown) {
  const response = await t.admin(method, path, body);
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as { id: string };
}

describe('public documents after admin writes', () => {
  it('show a new component and its status change on the next request, with a new ETag', async () => {
    let now = Date.parse('2026-03-01T10:00:00.000Z');
    const t = await createTestApp({ clock: () => new Date(now) });
    await insertPage(t.db);
    const empty = await publicJson(t, 'components.json');
    expect(empty.body.components).toEqual([]);

    const component = await adminJson(t, 'POST', '/admin/v1/components', { name: 'API' });
    const created = await publicJson(t, 'components.json');
    expect(created.body.components.map((row) => row.id)).toEqual([component.id]);
    expect(created.body.page.updated_at).toBe('2026-03-01T10:00:00.000Z');
    expect(created.etag).not.toBe(empty.etag);

    now += 60_000;
    await adminJson(t, 'PATCH', `/admin/v1/components/${component.id}`, { status: 'partial_outage' });
    const summary = await publicJson(t, 'summary.json');
    expect(summary.body.components[0]?.status).toBe('partial_outage');
    expect(summary.body.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.body.page.updated_at).toBe('2026-03-01T10:01:00.000Z');
    const stale = await t.app.request('/api/v2/components.json', {
      headers: { 'If-None-Match': created.etag ?? '' },
    });
    expect(stale.status).toBe(200);
  });

  it('follow an incident from its opening to its resolution', async () => {
    let now = Date.parse('2026-03-01T10:00:00.000Z');
    const t = await createTestApp({ clock: () => new Date(now) });
    await insertPage(t.db, { url: 'https://status.acme.test' });
    const component = await adminJson(t, 'POST', '/admin/v1/components', { name: 'API' });
    expect((await publicJson(t, 'status.json')).body.status.indicator).toBe('none');

    now += 60_000;
    const incident = await adminJson(t, 'POST', '/admin/v1/incidents', {
      name: 'API errors',
      status: 'investigating',
      impact: 'major',
      message: 'We are looking into it.',
      components: { [component.id]: 'major_outage' },
    });
    const open = (await publicJson(t, 'incidents/unresolved.json')).body.incidents;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      id: incident.id,
      status: 'investigating',
      impact: 'major',
      shortlink: `https://status.acme.test/incidents/${incident.id}/`,
    });
    expect(open[0]?.components.map((row) => [row.id, row.status])).toEqual([[component.id, 'major_outage']]);
    expect(open[0]?.incident_updates[0]?.affected_components).toEqual([
      { code: component.id, name: 'API', old_status: 'operational', new_status: 'major_outage' },
    ]);
    expect((await publicJson(t, 'status.json')).body.status.indicator).toBe('critical');

    now += 60_000;
    await adminJson(t, 'POST', `/admin/v1/incidents/${incident.id}/updates`, {
      status: 'resolved',
      message: 'Fixed.',
    });
    expect((await publicJson(t, 'incidents/unresolved.json')).body.incidents).toEqual([]);
    const summary = (await publicJson(t, 'summary.json')).body;
    expect(summary.incidents).toEqual([]);
    expect(summary.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    const [resolved] = (await publicJson(t, 'incidents.json')).body.incidents;
    expect(resolved?.status).toBe('resolved');
    expect(resolved?.resolved_at).toBe('2026-03-01T10:02:00.000Z');
    expect(resolved?.incident_updates.map((update) => update.status)).toEqual(['resolved', 'investigating']);
  });
});
