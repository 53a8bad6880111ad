import { describe, expect, test } from 'vitest';
import { utcFromLocalInput } from '../../../api/console/screens/incident-backfill.ts';
import { createTestApp } from '../../support/app.ts';
import { consoleClient, signedInConsole, signInWithToken } from '../../support/console.ts';

// Form handling of the screens for incident edits, component settings and positions, webhook
// changes, subscriber details, token expiry and the outbox filter (browser flows:
// tests/e2e/console-gaps.test.ts).

const signedIn = signedInConsole;

describe('console: incident edits', () => {
  test('escapes what it shows and keeps a refused edit unchanged', async () => {
    const { client, api } = await signedIn();
    const incident = await api('POST', '/admin/v1/incidents', {
      name: 'Errors <script>alert(1)</script>',
      status: 'investigating',
      impact: 'minor',
      message: 'First <img src=x onerror=alert(1)>',
    });
    await client.get(`/admin/incidents/${incident.id}/edit`);
    expect(client.text()).not.toContain('<script>alert(1)</script>');
    expect(client.text()).not.toContain('<img src=x');
    expect(client.text()).toContain('Errors &lt;script&gt;');

    const refused = await client.post(`/admin/incidents/${incident.id}/edit`, {
      csrf: client.csrf(),
      name: 'bad\u0007name',
      impact: 'catastrophic',
    });
    expect(refused.status).toBe(400);
    expect(client.text()).toContain('id="name-error"');
    expect(client.text()).toContain('id="impact-error"');
    expect((await api('GET', `/admin/v1/incidents/${incident.id}`)).impact).toBe('minor');
  });

  test('corrects one update and leaves the others; an unknown update is a 404', async () => {
    const { client, api } = await signedIn();
    const incident = await api('POST', '/admin/v1/incidents', {
      name: 'Slow search',
      status: 'investigating',
      impact: 'minor',
      message: 'Lokoing.',
    });
    await api('POST', `/admin/v1/incidents/${incident.id}/updates`, {
      status: 'identified',
      message: 'Found.',
    });
    const before = await api('GET', `/admin/v1/incidents/${incident.id}`);
    const first = before.incident_updates.find((update: { body: string }) => update.body === 'Lokoing.');
    await client.get(`/admin/incidents/${incident.id}/updates/${first.id}/edit`);
    const empty = await client.post(`/admin/incidents/${incident.id}/updates/${first.id}/edit`, {
      csrf: client.csrf(),
      message: '',
    });
    expect(empty.status).toBe(400);
    const saved = await client.post(`/admin/incidents/${incident.id}/updates/${first.id}/edit`, {
      csrf: client.csrf(),
      message: 'Looking.',
    });
    expect(saved.status).toBe(303);
    const after = await api('GET', `/admin/v1/incidents/${incident.id}`);
    expect(after.incident_updates.map((update: { body: string }) => update.body).sort()).toEqual([
      'Found.',
      'Looking.',
    ]);
    expect((await client.get(`/admin/incidents/${incident.id}/updates/upd_nope/edit`)).status).toBe(404);
  });

  test('deletes only after the confirmation form is posted', async () => {
    const { client, api } = await signedIn();
    const incident = await api('POST', '/admin/v1/incidents', {
      name: 'Mistake',
      status: 'investigating',
      impact: 'none',
      message: 'Oops.',
    });
    await client.get(`/admin/incidents/${incident.id}/delete`);
    expect(client.text()).toContain('Delete “Mistake”?');
    expect((await api('GET', `/admin/v1/incidents/${incident.id}`)).name).toBe('Mistake');
    const deleted = await client.post(`/admin/incidents/${incident.id}/delete`, { csrf: client.csrf() });
    expect(deleted.headers.get('Location')).toBe('/admin/incidents?done=deleted');
    expect((await api('GET', '/admin/v1/incidents')).length).toBe(0);
  });

  test('records a past incident at the UTC time given; a time in the future is refused by its field', async () => {
    const { client, api } = await signedIn();
    await client.get('/admin/incidents/past');
    const future = await client.post('/admin/incidents/past', {
      csrf: client.csrf(),
      name: 'Later',
      started_at: '2999-01-01T00:00',
      status: 'resolved',
      impact: 'minor',
      message: 'x',
    });
    expect(future.status).toBe(400);
    expect(client.text()).toContain('id="started_at-error"');
    expect(client.text()).toContain('value="Later"');
    const recorded = await client.post('/admin/incidents/past', {
      csrf: client.csrf(),
      name: 'Earlier',
      started_at: '2026-03-01T08:15',
      status: 'resolved',
      impact: 'major',
      message: 'It happened.',
    });
    expect(recorded.status).toBe(303);
    const [incident] = await api('GET', '/admin/v1/incidents');
    expect(incident).toMatchObject({
      name: 'Earlier',
      status: 'resolved',
      started_at: '2026-03-01T08:15:00.000Z',
    });
    expect(utcFromLocalInput('2026-03-01T08:15:30')).toBe('2026-03-01T08:15:30Z');
    expect(utcFromLocalInput('garbage')).toBe('garbage');
  });
});

describe('console: components', () => {
  test('a drag position moves the component; a bad one is refused and moves nothing', async () => {
    const { client, api } = await signedIn();
    for (const name of ['A', 'B', 'C']) await api('POST', '/admin/v1/components', { name });
    const names = async () =>
      (await api('GET', '/admin/v1/components')).map((component: { name: string }) => component.name);
    const [, , c] = await api('GET', '/admin/v1/components');
    await client.get('/admin/components');
    expect(client.text()).toContain(`data-reorder="/admin/components/${c.id}/position"`);
    const bad = await client.post(`/admin/components/${c.id}/position`, {
      csrf: client.csrf(),
      position: '-1',
    });
    expect(bad.status).toBe(400);
    expect(await names()).toEqual(['A', 'B', 'C']);
    await client.get('/admin/components');
    const moved = await client.post(`/admin/components/${c.id}/position`, {
      csrf: client.csrf(),
      position: '0',
    });
    expect(moved.status).toBe(303);
    expect(await names()).toEqual(['C', 'A', 'B']);
  });

  test('a group drag position reorders groups', async () => {
    const { client, api } = await signedIn();
    const one = await api('POST', '/admin/v1/component-groups', { name: 'One' });
    const two = await api('POST', '/admin/v1/component-groups', { name: 'Two' });
    await client.get('/admin/components');
    await client.post(`/admin/components/groups/${two.id}/position`, { csrf: client.csrf(), position: '0' });
    expect((await api('GET', '/admin/v1/component-groups')).map((g: { id: string }) => g.id)).toEqual([
      two.id,
      one.id,
    ]);
  });

  test('settings: clearing a checkbox clears the flag; an empty start date means from creation', async () => {
    const { client, api } = await signedIn();
    const component = await api('POST', '/admin/v1/components', { name: 'Edge', start_date: '2026-01-01' });
    await client.get(`/admin/components/${component.id}/settings`);
    expect(client.text()).toContain('value="2026-01-01"');
    const saved = await client.post(`/admin/components/${component.id}/settings`, {
      csrf: client.csrf(),
      status: 'operational',
      start_date: '',
    });
    expect(saved.status).toBe(303);
    expect(await api('GET', `/admin/v1/components/${component.id}`)).toMatchObject({
      showcase: false,
      only_show_if_degraded: false,
      start_date: null,
    });
    // A date that does not exist is refused by its field; the other fields keep what was typed.
    await client.get(`/admin/components/${component.id}/settings`);
    const refused = await client.post(`/admin/components/${component.id}/settings`, {
      csrf: client.csrf(),
      status: 'major_outage',
      showcase: 'yes',
      start_date: '2026-02-30',
    });
    expect(refused.status).toBe(400);
    expect(client.text()).toContain('id="start_date-error"');
    expect(client.text()).toContain('value="major_outage" selected');
    expect((await api('GET', `/admin/v1/components/${component.id}`)).status).toBe('operational');
    // Saving the same status writes no history row.
    expect(await api('GET', `/admin/v1/components/${component.id}/status-changes`)).toHaveLength(1);
  });
});

describe('console: admin details', () => {
  test('a plain webhook edit keeps its failure count; re-enabling clears it', async () => {
    const { t, client, api } = await signedIn();
    const created = await api('POST', '/admin/v1/webhooks', {
      url: 'https://hooks.example.com/x',
      format: 'slack',
    });
    await t.db.execute({
      sql: 'UPDATE webhooks SET consecutive_failures = 3 WHERE id = ?',
      args: [created.id],
    });
    await client.get(`/admin/webhooks/${created.id}`);
    expect(client.text()).toContain('3 failures in a row');
    await client.post(`/admin/webhooks/${created.id}`, {
      csrf: client.csrf(),
      url: 'https://hooks.example.com/y',
      format: 'slack',
      min_impact: 'none',
      enabled: 'yes',
    });
    expect(await api('GET', `/admin/v1/webhooks/${created.id}`)).toMatchObject({
      url: 'https://hooks.example.com/y',
      consecutive_failures: 3,
      enabled: true,
    });
    await api('PATCH', `/admin/v1/webhooks/${created.id}`, { enabled: false });
    await client.get(`/admin/webhooks/${created.id}`);
    await client.post(`/admin/webhooks/${created.id}`, {
      csrf: client.csrf(),
      url: 'https://hooks.example.com/y',
      format: 'slack',
      min_impact: 'none',
      enabled: 'yes',
    });
    expect(await api('GET', `/admin/v1/webhooks/${created.id}`)).toMatchObject({
      enabled: true,
      consecutive_failures: 0,
    });
  });

  test('the webhook page shows each delivery attempt and why it failed, escaped', async () => {
    const { t, client, api } = await signedIn();
    const created = await api('POST', '/admin/v1/webhooks', {
      url: 'https://hooks.example.com/d',
      format: 'statuspage',
    });
    await t.db.execute({
      sql: `INSERT INTO webhook_deliveries (id, webhook_id, message_id, event, attempt, outcome, status_code, error,
        duration_ms, next_attempt_at, created_at) VALUES ('whd_1', ?, 'msg_1', 'incident.created', 2, 'failed', 502,
        'Bad gateway <b>', 120, '2026-11-30T10:05:00.000Z', '2026-11-30T10:00:00.000Z')`,
      args: [created.id],
    });
    await api('PATCH', `/admin/v1/webhooks/${created.id}`, { enabled: false });
    await client.get(`/admin/webhooks/${created.id}`);
    const page = client.text();
    expect(page).toContain('incident.created · attempt 2 · 2026-11-30 10:00:00 UTC · HTTP 502 · 120 ms');
    expect(page).toContain('next try 2026-11-30 10:05:00 UTC');
    expect(page).toContain('Bad gateway &lt;b&gt;');
    expect(page).toContain('Disabled');
  });

  test('a responder session cannot reach the webhook or subscriber pages', async () => {
    const t = await createTestApp();
    const issued = await (
      await t.admin('POST', '/admin/v1/tokens', { name: 'pager', scope: 'responder' })
    ).json();
    const client = consoleClient(t);
    await signInWithToken(client, issued.token);
    expect((await client.get('/admin/webhooks/wh_x')).status).toBe(403);
    expect((await client.get('/admin/subscribers/sub_x')).status).toBe(403);
    expect((await client.get('/admin/components/cmp_x/settings')).status).toBe(404);
  });

  test('a subscriber page names what they follow; the CSV export keeps its path', async () => {
    const { client, api } = await signedIn();
    const group = await api('POST', '/admin/v1/component-groups', { name: 'Core <b>' });
    const subscriber = await api('POST', '/admin/v1/subscribers', {
      email: 'a@example.com',
      components: [group.id],
      min_impact: 'critical',
      skip_confirmation: true,
    });
    await client.get(`/admin/subscribers/${subscriber.id}`);
    expect(client.text()).toContain('Core &lt;b&gt; (the whole group)');
    expect(client.text()).toContain('Critical only');
    const csv = await client.get('/admin/subscribers/export.csv');
    expect(csv.headers.get('Content-Type')).toContain('text/csv');
    expect((await client.get('/admin/subscribers/sub_unknown')).status).toBe(404);
  });

  test("changes a subscriber's components and threshold; an unknown id is refused and the form keeps what was sent", async () => {
    const { client, api } = await signedIn();
    const payments = await api('POST', '/admin/v1/components', { name: 'Payments' });
    const search = await api('POST', '/admin/v1/components', { name: 'Search' });
    const subscriber = await api('POST', '/admin/v1/subscribers', {
      email: 'c@example.com',
      components: [payments.id],
      skip_confirmation: true,
    });
    const path = `/admin/subscribers/${subscriber.id}`;
    await client.get(path);
    expect(client.text()).toContain(`value="${payments.id}" checked`);
    expect(client.text()).not.toContain(`value="${search.id}" checked`);

    const refused = await client.post(path, {
      csrf: client.csrf(),
      min_impact: 'critical',
      target: [search.id, 'cmp_gone'],
    });
    expect(refused.status).toBe(400);
    expect(client.text()).toContain(`value="${search.id}" checked`);
    expect(client.text()).toContain('<option value="critical" selected>');
    expect(await api('GET', `/admin/v1/subscribers/${subscriber.id}`)).toMatchObject({
      components: [payments.id],
      min_impact: 'none',
    });

    const saved = await client.post(path, { csrf: client.csrf(), min_impact: 'major', target: [search.id] });
    expect(saved.headers.get('Location')).toBe(`${path}?done=saved`);
    expect(await api('GET', `/admin/v1/subscribers/${subscriber.id}`)).toMatchObject({
      state: 'active',
      components: [search.id],
      min_impact: 'major',
    });
    // Nothing ticked: the whole page.
    await client.get(path);
    await client.post(path, { csrf: client.csrf(), min_impact: 'major' });
    expect(await api('GET', `/admin/v1/subscribers/${subscriber.id}`)).toMatchObject({ components: null });
  });

  test('saving only the threshold of someone whose components were all deleted keeps them following nothing', async () => {
    const { client, api, t } = await signedIn();
    const gone = await api('POST', '/admin/v1/components', { name: 'Legacy' });
    const subscriber = await api('POST', '/admin/v1/subscribers', {
      email: 'd@example.com',
      components: [gone.id],
      skip_confirmation: true,
    });
    await t.admin('DELETE', `/admin/v1/components/${gone.id}`);
    const path = `/admin/subscribers/${subscriber.id}`;
    await client.get(path);
    expect(client.text()).toContain('Nothing any more: what they followed was deleted.');
    await client.post(path, { csrf: client.csrf(), min_impact: 'critical' });
    expect(await api('GET', `/admin/v1/subscribers/${subscriber.id}`)).toMatchObject({
      components: [],
      min_impact: 'critical',
    });
  });

  test('adds a subscriber following chosen components; an unknown id is refused and nothing typed is lost', async () => {
    const { client, api } = await signedIn();
    const component = await api('POST', '/admin/v1/components', { name: 'Payments' });
    await client.get('/admin/subscribers');
    expect(client.text()).toContain(`name="target" value="${component.id}"`);
    const refused = await client.post('/admin/subscribers', {
      csrf: client.csrf(),
      email: 'b@example.com',
      min_impact: 'major',
      target: [component.id, 'cmp_gone'],
      skip_confirmation: 'yes',
    });
    expect(refused.status).toBe(400);
    expect(client.text()).toContain('value="b@example.com"');
    expect(client.text()).toContain(`value="${component.id}" checked`);
    expect(await api('GET', '/admin/v1/subscribers')).toEqual([]);
    await client.post('/admin/subscribers', {
      csrf: client.csrf(),
      email: 'b@example.com',
      min_impact: 'major',
      target: [component.id],
      skip_confirmation: 'yes',
    });
    const [added] = await api('GET', '/admin/v1/subscribers');
    expect(added).toMatchObject({ email: 'b@example.com', components: [component.id], min_impact: 'major' });
  });

  test('issues a token expiring at 00:00 UTC of the chosen day; a malformed date is refused', async () => {
    const { client, api } = await signedIn();
    await client.get('/admin/members');
    const bad = await client.post('/admin/members/tokens', {
      csrf: client.csrf(),
      name: 'ci',
      scope: 'responder',
      expires_at: 'soon',
    });
    expect(bad.status).toBe(400);
    expect(client.text()).toContain('id="token-expires-error"');
    await client.post('/admin/members/tokens', {
      csrf: client.csrf(),
      name: 'ci',
      scope: 'responder',
      expires_at: '2999-12-31',
    });
    const tokens = await api('GET', '/admin/v1/tokens');
    expect(tokens.find((token: { name: string }) => token.name === 'ci')?.expires_at).toBe(
      '2999-12-31T00:00:00.000Z',
    );
  });

  test('the outbox filter shows one state; an unknown one shows all', async () => {
    const { t, client } = await signedIn();
    const now = new Date().toISOString();
    for (const [id, state] of [
      ['obx_a', 'dead'],
      ['obx_b', 'sent'],
    ] as const) {
      await t.db.execute({
        sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at, attempts, last_error)
          VALUES (?, 'site.publish', ?, '{}', ?, ?, ?, 1, ?)`,
        args: [id, id, state, now, now, state === 'dead' ? 'gave up: boom' : null],
      });
    }
    await client.get('/admin/activity?state=dead');
    expect(client.text()).toContain('gave up: boom');
    expect(client.text()).not.toMatch(/class="ok">sent</);
    await client.get('/admin/activity?state=nonsense');
    expect(client.text()).toMatch(/class="ok">sent</);
    expect(client.text()).toContain('gave up: boom');
  });
});
