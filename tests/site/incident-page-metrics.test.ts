import { describe, expect, test } from 'vitest';
import { ensurePage } from '../../api/services/page.ts';
import { readSiteData } from '../../site/lib/data.ts';
import { listIncidentPaths } from '../../site/lib/incident-page.ts';
import { call } from '../api/admin/http.ts';
import { createTestApp } from '../support/app.ts';

// The incident page's metrics line follows the page setting show_incident_metrics (off by default).
describe('incident page metrics', () => {
  test('are shown only once the page setting is on, and change the page cache key', async () => {
    const clock = { now: Date.parse('2026-11-10T10:06:00.000Z') };
    const t = await createTestApp({ clock: () => new Date(clock.now) });
    await ensurePage(t.db, { name: 'Acme', url: '', time_zone: 'UTC' }, '2026-11-01T00:00:00.000Z');
    const opened = await call(t, 'POST', '/admin/v1/incidents', {
      name: 'Slow checkout',
      status: 'investigating',
      impact: 'major',
      message: 'Looking.',
      started_at: '2026-11-10T10:00:00Z',
    });
    for (const [time, status] of [
      ['2026-11-10T10:30:00.000Z', 'identified'],
      ['2026-11-10T11:00:00.000Z', 'resolved'],
    ] as const) {
      clock.now = Date.parse(time);
      await call(t, 'POST', `/admin/v1/incidents/${opened.body.id}/updates`, { status, message: 'News.' });
    }
    const [hidden] = listIncidentPaths(await readSiteData(t.db, clock.now));
    expect(hidden?.props.metrics).toBeNull();

    const patched = await call(t, 'PATCH', '/admin/v1/page', { show_incident_metrics: true });
    expect(patched.status).toBe(200);
    expect(patched.body.show_incident_metrics).toBe(true);
    const [shown] = listIncidentPaths(await readSiteData(t.db, clock.now));
    expect(shown?.props.metrics).toBe('first update 6 min after start; updated every 27 min on average');
    expect(shown?.cacheKey).not.toBe(hidden?.cacheKey);
  });

  test('the setting is off by default, audited when changed, and refuses a non-boolean', async () => {
    const t = await createTestApp();
    await ensurePage(t.db, { name: 'Acme', url: '', time_zone: 'UTC' }, '2026-11-01T00:00:00.000Z');
    expect((await call(t, 'GET', '/admin/v1/page')).body.show_incident_metrics).toBe(false);
    const refused = await call(t, 'PATCH', '/admin/v1/page', { show_incident_metrics: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/show_incident_metrics',
    ]);
    await call(t, 'PATCH', '/admin/v1/page', { show_incident_metrics: true });
    const [entry] = (await call(t, 'GET', '/admin/v1/audit-log?resource_type=page')).body;
    expect(entry.changes['/show_incident_metrics']).toEqual({ before: false, after: true });
  });
});
