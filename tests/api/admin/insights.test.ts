import { describe, expect, test } from 'vitest';
import { ensurePage } from '../../../api/services/page.ts';
import { parseCsv } from '../../../api/subscribers/csv.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { call, pointersOf } from './http.ts';

// A test app whose clock the test moves: updates are posted "later" without sleeping.
async function appWithClock(start: string) {
  const clock = { now: Date.parse(start) };
  const t = await createTestApp({ clock: () => new Date(clock.now) });
  const moveTo = (iso: string) => {
    clock.now = Date.parse(iso);
  };
  return { t, moveTo };
}

async function post(t: TestApp, id: string, status: string, message = 'News.') {
  const answer = await call(t, 'POST', `/admin/v1/incidents/${id}/updates`, { status, message });
  expect(answer.status).toBe(201);
}

/** A critical incident that began at 09:54, announced at 10:00, resolved at 11:20. */
async function criticalIncident(t: TestApp, moveTo: (iso: string) => void, name = 'Checkout errors') {
  moveTo('2026-11-10T10:00:00.000Z');
  const opened = await call(t, 'POST', '/admin/v1/incidents', {
    name,
    status: 'investigating',
    impact: 'critical',
    message: 'Looking.',
    started_at: '2026-11-10T09:54:00Z',
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  moveTo('2026-11-10T10:20:00.000Z');
  await post(t, id, 'identified');
  moveTo('2026-11-10T11:15:00.000Z');
  await post(t, id, 'monitoring');
  moveTo('2026-11-10T11:20:00.000Z');
  await post(t, id, 'resolved');
  return id;
}

describe('GET /admin/v1/insights', () => {
  test('gives each incident its metrics and each month its medians', async () => {
    const { t, moveTo } = await appWithClock('2026-11-10T10:00:00.000Z');
    const id = await criticalIncident(t, moveTo);
    moveTo('2026-11-30T12:00:00.000Z');
    const answer = await call(t, 'GET', '/admin/v1/insights');
    expect(answer.status).toBe(200);
    expect(answer.body.from).toBe('2026-09-01T12:00:00.000Z');
    expect(answer.body.to).toBe('2026-11-30T12:00:00.000Z');
    expect(answer.body.incidents).toEqual([
      {
        incident_id: id,
        name: 'Checkout errors',
        impact: 'critical',
        status: 'resolved',
        started_at: '2026-11-10T09:54:00.000Z',
        resolved_at: '2026-11-10T11:20:00.000Z',
        public_updates: 4,
        first_update_minutes: 6,
        identified_minutes: 26,
        resolved_minutes: 86,
        longest_silence_minutes: 55,
        average_update_minutes: 26.7,
        cadence_minutes: 30,
        cadence_misses: 1,
      },
    ]);
    expect(answer.body.monthly).toEqual([
      {
        month: '2026-11',
        incidents: 1,
        median_first_update_minutes: 6,
        median_identified_minutes: 26,
        median_resolved_minutes: 86,
        median_longest_silence_minutes: 55,
        cadence_misses: 1,
      },
    ]);
  });

  test("holds incidents to the page's cadence, and an incident to its own", async () => {
    const { t, moveTo } = await appWithClock('2026-11-10T10:00:00.000Z');
    await ensurePage(t.db, { name: 'Acme', url: '', time_zone: 'UTC' }, '2026-11-01T00:00:00.000Z');
    const paged = await call(t, 'PATCH', '/admin/v1/page', { update_cadence_minutes: { critical: 20 } });
    expect(paged.status).toBe(200);
    const byPage = await criticalIncident(t, moveTo, 'By the page');
    const own = await criticalIncident(t, moveTo, 'Its own');
    expect(
      (await call(t, 'PATCH', `/admin/v1/incidents/${own}`, { update_cadence_minutes: 60 })).status,
    ).toBe(200);
    moveTo('2026-11-30T12:00:00.000Z');
    const answer = await call(t, 'GET', '/admin/v1/insights');
    const metrics = new Map(
      (answer.body.incidents as Array<Record<string, unknown>>).map((item) => [item.incident_id, item]),
    );
    // Gaps of 20, 55 and 5 minutes: only the 55 misses 20 (and the 20 does not), none misses 60.
    expect(metrics.get(byPage)).toMatchObject({ cadence_minutes: 20, cadence_misses: 1 });
    expect(metrics.get(own)).toMatchObject({ cadence_minutes: 60, cadence_misses: 0 });
  });

  test('takes dates (a `to` date includes its whole day) or instants, and leaves out the rest', async () => {
    const { t, moveTo } = await appWithClock('2026-11-10T10:00:00.000Z');
    await criticalIncident(t, moveTo);
    moveTo('2026-12-20T00:00:00.000Z');
    const ids = async (query: string) =>
      (await call(t, 'GET', `/admin/v1/insights?${query}`)).body.incidents.map(
        (i: { name: string }) => i.name,
      );
    expect(await ids('from=2026-11-10&to=2026-11-10')).toEqual(['Checkout errors']);
    expect(await ids('from=2026-11-11')).toEqual([]);
    expect(await ids('to=2026-11-09')).toEqual([]);
    expect(await ids('from=2026-11-10T09:54:00Z&to=2026-11-10T09:55:00%2B00:00')).toEqual([
      'Checkout errors',
    ]);
    expect(await ids('from=2026-11-10T10:55:00%2B01:00&to=2026-11-10T10:00:00Z')).toEqual([]);
    // The default range is the last 90 days: 2026-12-20 minus 90 days is after 2026-09-21.
    moveTo('2027-03-01T00:00:00.000Z');
    expect(await ids('')).toEqual([]);
  });

  test('answers 400 naming the field for a bad date, a zoneless time, or from after to', async () => {
    const { t } = await appWithClock('2026-11-30T12:00:00.000Z');
    for (const [query, pointer] of [
      ['from=yesterday', '/from'],
      ['to=2026-02-30', '/to'],
      ['from=2026-11-10T10:00:00', '/from'],
      ['from=2026-11-30&to=2026-11-01', '/from'],
    ] as const) {
      const answer = await call(t, 'GET', `/admin/v1/insights?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(pointersOf(answer.body), query).toEqual([pointer]);
      expect((await call(t, 'GET', `/admin/v1/insights.csv?${query}`)).status).toBe(400);
    }
  });

  test('needs an admin token', async () => {
    const { t } = await appWithClock('2026-11-30T12:00:00.000Z');
    const issued = (await call(t, 'POST', '/admin/v1/tokens', { name: 'on call', scope: 'responder' })).body;
    const answer = await t.app.request('/admin/v1/insights', {
      headers: { Authorization: `Bearer ${issued.token}` },
    });
    expect(answer.status).toBe(403);
  });
});

describe('GET /admin/v1/insights.csv', () => {
  test('one escaped row per incident, formulas defused', async () => {
    const { t, moveTo } = await appWithClock('2026-11-10T10:00:00.000Z');
    await criticalIncident(t, moveTo, '=HYPERLINK("https://evil.test","Click"), "quoted"');
    moveTo('2026-11-30T12:00:00.000Z');
    const response = await t.admin('GET', '/admin/v1/insights.csv?from=2026-11-01');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(
      'incident-metrics-2026-11-01-2026-11-30.csv',
    );
    const text = await response.text();
    const [header, row, ...rest] = parseCsv(text);
    expect(rest).toEqual([]);
    expect(header).toEqual([
      'incident_id',
      'name',
      'impact',
      'status',
      'started_at',
      'resolved_at',
      'public_updates',
      'first_update_minutes',
      'identified_minutes',
      'resolved_minutes',
      'longest_silence_minutes',
      'average_update_minutes',
      'cadence_minutes',
      'cadence_misses',
    ]);
    expect(row?.slice(1)).toEqual([
      `'=HYPERLINK("https://evil.test","Click"), "quoted"`,
      'critical',
      'resolved',
      '2026-11-10T09:54:00.000Z',
      '2026-11-10T11:20:00.000Z',
      '4',
      '6',
      '26',
      '86',
      '55',
      '26.7',
      '30',
      '1',
    ]);
  });
});
