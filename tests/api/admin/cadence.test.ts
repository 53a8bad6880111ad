// The update cadence through the admin API: the page's settings, an incident's lead and cadence,
// next_update_at, and the post-mortem waiver.
import { describe, expect, test } from 'vitest';
import { DEFAULT_CADENCE_SETTINGS } from '../../../api/cadence/policy.ts';
import { ensurePage } from '../../../api/services/page.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { call, pointersOf } from './http.ts';

const T0 = '2026-11-30T14:00:00.000Z';

async function appAt(now: { value: string }): Promise<TestApp> {
  const t = await createTestApp({ clock: () => new Date(now.value) });
  await ensurePage(t.db, { name: 'Acme', url: 'https://status.acme.test', time_zone: 'UTC' }, T0);
  return t;
}

const open = (t: TestApp, body: Record<string, unknown> = {}) =>
  call(t, 'POST', '/admin/v1/incidents', {
    name: 'API errors',
    status: 'investigating',
    impact: 'critical',
    message: 'Looking.',
    ...body,
  });

describe('cadence page settings', () => {
  test('a new page has the documented defaults', async () => {
    const t = await appAt({ value: T0 });
    const page = (await call(t, 'GET', '/admin/v1/page')).body;
    expect(page).toMatchObject({ ...DEFAULT_CADENCE_SETTINGS });
    expect(page.update_cadence_minutes).toEqual({ critical: 30, major: 60, minor: 240, none: 480 });
  });

  test('changes them, merging the cadence by impact, and audits the change', async () => {
    const t = await appAt({ value: T0 });
    const changed = await call(t, 'PATCH', '/admin/v1/page', {
      update_cadence_minutes: { critical: 1, none: 1440 },
      reminder_lead_minutes: 0,
      escalation_after_minutes: 20,
      escalation_email: 'oncall@acme.test',
      chat_webhook_url: 'https://hooks.slack.com/services/T0/B0/x',
      show_next_update: false,
      monitoring_watch_minutes: 45,
      postmortem_deadline_hours: 72,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      update_cadence_minutes: { critical: 1, major: 60, minor: 240, none: 1440 },
      reminder_lead_minutes: 0,
      escalation_after_minutes: 20,
      escalation_email: 'oncall@acme.test',
      chat_webhook_url: 'https://hooks.slack.com/services/T0/B0/x',
      show_next_update: false,
      monitoring_watch_minutes: 45,
      postmortem_deadline_hours: 72,
    });
    const [entry] = (await call(t, 'GET', '/admin/v1/audit-log?resource_type=page')).body;
    expect(entry.changes['/update_cadence_minutes']).toEqual({
      before: { critical: 30, major: 60, minor: 240, none: 480 },
      after: { critical: 1, major: 60, minor: 240, none: 1440 },
    });
    expect(entry.changes['/show_next_update']).toEqual({ before: true, after: false });
    const cleared = await call(t, 'PATCH', '/admin/v1/page', {
      escalation_email: null,
      chat_webhook_url: null,
    });
    expect(cleared.body).toMatchObject({ escalation_email: null, chat_webhook_url: null });
  });

  test('refuses bad values with a problem naming each field, and changes nothing', async () => {
    const t = await appAt({ value: T0 });
    const before = (await call(t, 'GET', '/admin/v1/page')).body;
    const refused = await call(t, 'PATCH', '/admin/v1/page', {
      update_cadence_minutes: { critical: 0, severe: 10 },
      reminder_lead_minutes: -1,
      escalation_after_minutes: 0,
      escalation_email: 'not an address',
      show_next_update: 'yes',
    });
    expect(refused.status).toBe(400);
    expect(pointersOf(refused.body)).toEqual([
      '/escalation_after_minutes',
      '/escalation_email',
      '/reminder_lead_minutes',
      '/show_next_update',
      '/update_cadence_minutes/critical',
      '/update_cadence_minutes/severe',
    ]);
    expect((await call(t, 'GET', '/admin/v1/page')).body).toEqual(before);
  });

  test('refuses a chat webhook the SSRF rules refuse, as for webhooks', async () => {
    const t = await appAt({ value: T0 });
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://169.254.169.254/latest',
      'ftp://chat.example/x',
    ]) {
      const refused = await call(t, 'PATCH', '/admin/v1/page', { chat_webhook_url: url });
      expect(refused.status, url).toBe(400);
      expect(pointersOf(refused.body)).toEqual(['/chat_webhook_url']);
    }
    expect((await call(t, 'GET', '/admin/v1/page')).body.chat_webhook_url).toBeNull();
  });
});

describe('incident lead, cadence and next_update_at', () => {
  test('next_update_at is the last update plus the cadence of the impact, and follows every change', async () => {
    const now = { value: T0 };
    const t = await appAt(now);
    const created = await open(t);
    expect(created.status).toBe(201);
    expect(created.body.next_update_at).toBe('2026-11-30T14:30:00.000Z');
    const id = created.body.id;
    const patch = (body: unknown) => call(t, 'PATCH', `/admin/v1/incidents/${id}`, body);
    expect((await patch({ impact: 'major' })).body.next_update_at).toBe('2026-11-30T15:00:00.000Z');
    expect((await patch({ update_cadence_minutes: 20 })).body).toMatchObject({
      update_cadence_minutes: 20,
      next_update_at: '2026-11-30T14:20:00.000Z',
    });
    await call(t, 'PATCH', '/admin/v1/page', { update_cadence_minutes: { major: 90 } });
    expect((await patch({ update_cadence_minutes: null })).body.next_update_at).toBe(
      '2026-11-30T15:30:00.000Z',
    );
    now.value = '2026-11-30T14:40:00.000Z';
    await call(t, 'POST', `/admin/v1/incidents/${id}/updates`, {
      status: 'identified',
      message: 'Found it.',
    });
    const listed = (await call(t, 'GET', '/admin/v1/incidents')).body;
    expect(listed[0].next_update_at).toBe('2026-11-30T16:10:00.000Z');
    await call(t, 'POST', `/admin/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
    expect((await call(t, 'GET', `/admin/v1/incidents/${id}`)).body.next_update_at).toBeNull();
  });

  test('the lead defaults to the escalation contact, can be set, renamed and cleared', async () => {
    const t = await appAt({ value: T0 });
    expect((await open(t)).body.lead).toBeNull();
    await call(t, 'PATCH', '/admin/v1/page', { escalation_email: 'oncall@acme.test' });
    expect((await open(t)).body.lead).toEqual({ email: 'oncall@acme.test', name: null });
    const led = await open(t, { lead: { email: 'ann@acme.test', name: 'Ann Lee' } });
    expect(led.body.lead).toEqual({ email: 'ann@acme.test', name: 'Ann Lee' });
    const id = led.body.id;
    const changed = await call(t, 'PATCH', `/admin/v1/incidents/${id}`, { lead: { email: 'bo@acme.test' } });
    expect(changed.body.lead).toEqual({ email: 'bo@acme.test', name: null });
    const [entry] = (await call(t, 'GET', `/admin/v1/audit-log?resource_id=${id}`)).body;
    expect(entry.changes['/lead']).toEqual({
      before: { email: 'ann@acme.test', name: 'Ann Lee' },
      after: { email: 'bo@acme.test', name: null },
    });
    expect((await call(t, 'PATCH', `/admin/v1/incidents/${id}`, { lead: null })).body.lead).toBeNull();
  });

  test('refuses a bad lead or cadence, naming the field', async () => {
    const t = await appAt({ value: T0 });
    const refused = await open(t, { lead: { email: 'nope', name: '\u0000' }, update_cadence_minutes: 0 });
    expect(refused.status).toBe(400);
    expect(pointersOf(refused.body)).toEqual(['/lead/email', '/lead/name', '/update_cadence_minutes']);
    expect((await call(t, 'GET', '/admin/v1/incidents')).body).toEqual([]);
  });
});

describe('POST /admin/v1/incidents/{id}/postmortem-waiver', () => {
  test('waives once, audits it, and answers 404 for an unknown incident', async () => {
    const now = { value: T0 };
    const t = await appAt(now);
    const id = (await open(t)).body.id;
    await call(t, 'POST', `/admin/v1/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
    now.value = '2026-11-30T15:00:00.000Z';
    const waived = await call(t, 'POST', `/admin/v1/incidents/${id}/postmortem-waiver`);
    expect(waived.status).toBe(200);
    expect(waived.body.postmortem_waived_at).toBe('2026-11-30T15:00:00.000Z');
    now.value = '2026-11-30T16:00:00.000Z';
    const again = await call(t, 'POST', `/admin/v1/incidents/${id}/postmortem-waiver`);
    expect(again.body.postmortem_waived_at).toBe('2026-11-30T15:00:00.000Z');
    const entries = (await call(t, 'GET', `/admin/v1/audit-log?resource_id=${id}`)).body;
    expect(
      entries.filter((entry: { action: string }) => entry.action === 'incident.waive_postmortem'),
    ).toHaveLength(1);
    expect((await call(t, 'POST', '/admin/v1/incidents/inc_nope/postmortem-waiver')).status).toBe(404);
  });
});
