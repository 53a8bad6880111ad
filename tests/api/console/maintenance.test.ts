import { describe, expect, test } from 'vitest';
import { ensurePage } from '../../../api/services/page.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { type ConsoleClient, consoleClient, signInWithToken } from '../../support/console.ts';

// A fixed clock: the windows below (2027, across Berlin's DST changes) stay in the future.
const NOW = new Date('2026-12-01T12:00:00.000Z');

/** The admin API as JSON (bodies as the tests read them). */
const jsonApi = (t: TestApp) => async (method: string, path: string, body?: unknown) =>
  (await t.admin(method, path, body)).json();

interface World {
  t: TestApp;
  client: ConsoleClient;
  api: ReturnType<typeof jsonApi>;
  components: { api: string; web: string };
}

async function world(options: { token?: 'admin' | 'responder' } = {}): Promise<World> {
  const t = await createTestApp({ clock: () => NOW });
  await ensurePage(
    t.db,
    { name: 'Acme', url: 'https://status.acme.test', time_zone: 'Europe/Berlin' },
    NOW.toISOString(),
  );
  const api = jsonApi(t);
  const group = await api('POST', '/admin/v1/component-groups', { name: 'Core' });
  const apiComponent = await api('POST', '/admin/v1/components', { name: 'API', group_id: group.id });
  const web = await api('POST', '/admin/v1/components', { name: 'Web' });
  const client = consoleClient(t);
  let token = t.token;
  if (options.token === 'responder') {
    token = (await api('POST', '/admin/v1/tokens', { name: 'pager', scope: 'responder' })).token;
  }
  await signInWithToken(client, token);
  return { t, client, api, components: { api: apiComponent.id, web: web.id } };
}

const SETTINGS = {
  auto_start: 'on',
  auto_complete: 'on',
  set_components_under_maintenance: 'on',
  notify: 'on',
  settings: 'shown',
};

async function schedule(w: World, fields: Record<string, string | string[]>): Promise<Response> {
  await w.client.get('/admin/maintenance/new');
  return w.client.post('/admin/maintenance/new', {
    csrf: w.client.csrf(),
    intent: 'schedule',
    name: 'Database upgrade',
    scheduled_for: '2027-01-15T03:00',
    scheduled_until: '2027-01-15T05:00',
    components: [w.components.api],
    message: 'We upgrade the **database**.',
    remind_before_minutes: '1440, 60',
    ...SETTINGS,
    ...fields,
  });
}

async function scheduled(w: World, fields: Record<string, string | string[]> = {}): Promise<string> {
  const response = await schedule(w, fields);
  expect(response.status).toBe(303);
  const location = response.headers.get('Location') ?? '';
  expect(location).toMatch(/^\/admin\/maintenance\/mnt_\w+\?done=scheduled$/);
  return location.split('/')[3]?.split('?')[0] ?? '';
}

describe('console maintenance screen', () => {
  test('schedules a window from wall-clock times in the page zone, with components picked by name', async () => {
    const w = await world();
    await w.client.get('/admin/maintenance/new');
    const form = w.client.text();
    expect(form).toContain("Times are in Europe/Berlin, the page's time zone.");
    expect(form).toContain('type="datetime-local"');
    expect(form).toContain('<legend>Core</legend>');
    expect(form).toMatch(/value="1440, 60"/);

    const id = await scheduled(w, { remind_before_minutes: '60 1440 30' });
    const maintenance = await w.api('GET', `/admin/v1/maintenances/${id}`);
    expect(maintenance).toMatchObject({
      name: 'Database upgrade',
      status: 'scheduled',
      scheduled_for: '2027-01-15T02:00:00.000Z',
      scheduled_until: '2027-01-15T04:00:00.000Z',
      component_ids: [w.components.api],
      auto_start: true,
      auto_complete: true,
      set_components_under_maintenance: true,
      notify: true,
      remind_before_minutes: [1440, 60, 30],
    });
    expect(maintenance.maintenance_updates[0].body).toBe('We upgrade the **database**.');

    await w.client.get(`/admin/maintenance/${id}?done=scheduled`);
    const page = w.client.text();
    expect(page).toContain('Maintenance scheduled.');
    expect(page).toContain('Fri, 15 Jan 2027, 03:00 CET – 05:00 CET');
    expect(page).toContain('<strong>database</strong>');
    expect(page).toContain(`href="https://status.acme.test/maintenance/${id}/"`);
    expect(page).toContain('value="2027-01-15T03:00"');

    await w.client.get('/admin/maintenance');
    expect(w.client.text()).toContain(`href="/admin/maintenance/${id}"`);
    expect(w.client.text()).toMatch(/Upcoming<\/h2><ul class="list"><li><a href="\/admin\/maintenance\/mnt_/);
  });

  test('switches off the settings left unticked, and an empty reminder list means none', async () => {
    const w = await world();
    const id = await scheduled(w, {
      auto_start: [],
      notify: [],
      remind_before_minutes: '',
    });
    expect(await w.api('GET', `/admin/v1/maintenances/${id}`)).toMatchObject({
      auto_start: false,
      auto_complete: true,
      notify: false,
      remind_before_minutes: [],
    });
  });

  test('shows each error by its field and keeps what was typed', async () => {
    const w = await world();
    const ended = await schedule(w, {
      name: 'Kept <name>',
      scheduled_for: '2027-01-15T05:00',
      scheduled_until: '2027-01-15T03:00',
      message: 'Kept message',
    });
    expect(ended.status).toBe(400);
    let page = w.client.text();
    expect(page).toMatch(/id="new-scheduled_until"[^>]*aria-invalid="true"/);
    expect(page).toContain('scheduled_until must be later than scheduled_for.');
    expect(page).toContain('value="Kept &lt;name&gt;"');
    expect(page).toContain('>Kept message</textarea>');
    expect(page).toContain(`value="${w.components.api}" checked`);

    // The hour Berlin skips in spring, a bad reminder list and an unknown component, at once.
    const skipped = await schedule(w, {
      scheduled_for: '2027-03-28T02:30',
      scheduled_until: '2027-03-28T04:00',
      remind_before_minutes: 'a day',
      components: ['cmp_nope'],
      message: '',
    });
    expect(skipped.status).toBe(400);
    page = w.client.text();
    expect(page).toContain('2027-03-28 02:30 does not exist in Europe/Berlin');
    expect(page).toMatch(/id="new-scheduled_for"[^>]*aria-invalid="true"/);
    expect(page).toContain('id="new-remind_before_minutes-error"');
    expect(page).toContain('id="new-message-error"');
    expect(page).toContain('value="a day"');
    expect(await w.api('GET', '/admin/v1/maintenances')).toEqual([]);

    // The service's own refusal (an unknown component) is shown by the components too.
    const unknown = await schedule(w, { components: [w.components.web, 'cmp_nope'] });
    expect(unknown.status).toBe(400);
    page = w.client.text();
    expect(page).toContain('id="new-components-error"');
    expect(page).toContain('No component has the id &quot;cmp_nope&quot;.');
    expect(page).toContain(`value="${w.components.web}" checked`);
    expect(await w.api('GET', '/admin/v1/maintenances')).toEqual([]);

    const tooMany = await schedule(w, { remind_before_minutes: '99999' });
    expect(tooMany.status).toBe(400);
    expect(w.client.text()).toContain('id="new-remind_before_minutes-error"');
  });

  test('previews the message through the sanitiser without scheduling anything', async () => {
    const w = await world();
    const changesBefore = w.t.changes.count;
    const response = await schedule(w, {
      intent: 'preview',
      message: 'Read-only for **minutes**.<script>alert(1)</script>[x](javascript:alert(1))',
    });
    expect(response.status).toBe(200);
    const page = w.client.text();
    expect(page).toContain('<strong>minutes</strong>');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('href="javascript:');
    expect(w.t.changes.count).toBe(changesBefore);
    expect(await w.api('GET', '/admin/v1/maintenances')).toEqual([]);
  });

  test('reschedules, changes components and settings, and a no-op save changes nothing', async () => {
    const w = await world();
    const id = await scheduled(w);
    await w.client.get(`/admin/maintenance/${id}`);
    const unchanged = await w.client.post(`/admin/maintenance/${id}/edit`, {
      csrf: w.client.csrf(),
      name: 'Database upgrade',
      scheduled_for: '2027-01-15T03:00',
      scheduled_until: '2027-01-15T05:00',
      components: [w.components.api],
      remind_before_minutes: '60, 1440',
      message: '',
      ...SETTINGS,
    });
    expect(unchanged.headers.get('Location')).toBe(`/admin/maintenance/${id}?done=unchanged`);
    expect((await w.api('GET', `/admin/v1/maintenances/${id}`)).revision).toBe(1);

    await w.client.get(`/admin/maintenance/${id}`);
    const saved = await w.client.post(`/admin/maintenance/${id}/edit`, {
      csrf: w.client.csrf(),
      name: 'Database upgrade',
      // Across the spring change: 01:30 CET to 03:30 CEST is one hour.
      scheduled_for: '2027-03-28T01:30',
      scheduled_until: '2027-03-28T03:30',
      components: [w.components.web, w.components.api],
      remind_before_minutes: '120',
      message: 'Moved by a **week**.',
      ...SETTINGS,
      auto_complete: [],
    });
    expect(saved.headers.get('Location')).toBe(`/admin/maintenance/${id}?done=saved`);
    const after = await w.api('GET', `/admin/v1/maintenances/${id}`);
    expect(after).toMatchObject({
      scheduled_for: '2027-03-28T00:30:00.000Z',
      scheduled_until: '2027-03-28T01:30:00.000Z',
      revision: 2,
      auto_complete: false,
      remind_before_minutes: [120],
    });
    expect([...after.component_ids].sort()).toEqual([w.components.api, w.components.web].sort());
    expect(after.maintenance_updates[0].body).toBe('Moved by a **week**.');
    await w.client.get(`/admin/maintenance/${id}`);
    expect(w.client.text()).toContain('Sun, 28 Mar 2027, 01:30 CET – 03:30 CEST');

    // A message without a new window is refused by its field, nothing changed.
    const stray = await w.client.post(`/admin/maintenance/${id}/edit`, {
      csrf: w.client.csrf(),
      name: 'Renamed',
      scheduled_for: '2027-03-28T01:30',
      scheduled_until: '2027-03-28T03:30',
      message: 'Hello',
      ...SETTINGS,
    });
    expect(stray.status).toBe(400);
    expect(w.client.text()).toMatch(/id="change-message"[^>]*aria-invalid="true"/);
    expect(w.client.text()).toContain('value="Renamed"');
    expect((await w.api('GET', `/admin/v1/maintenances/${id}`)).name).toBe('Database upgrade');
  });

  test('once started only the end can move; updates carry a status; completing stands for cancelling', async () => {
    const w = await world();
    const id = await scheduled(w);
    await w.client.get(`/admin/maintenance/${id}`);
    expect(w.client.text()).toContain('<option value="in_progress">In progress</option>');
    expect(w.client.text()).not.toContain('<option value="completed">');
    const started = await w.client.post(`/admin/maintenance/${id}/updates`, {
      csrf: w.client.csrf(),
      intent: 'post',
      status: 'in_progress',
      message: 'Starting early.',
      deliver_notifications: 'on',
    });
    expect(started.headers.get('Location')).toBe(`/admin/maintenance/${id}?done=posted`);
    expect(await w.api('GET', `/admin/v1/maintenances/${id}`)).toMatchObject({ status: 'in_progress' });

    await w.client.get(`/admin/maintenance/${id}`);
    let page = w.client.text();
    expect(page).not.toContain('name="scheduled_for"');
    expect(page).toContain('only its end can change');
    expect(page).not.toContain('name="components"');
    expect(page).toContain('Complete it now');
    const extended = await w.client.post(`/admin/maintenance/${id}/edit`, {
      csrf: w.client.csrf(),
      name: 'Database upgrade',
      scheduled_until: '2027-01-15T06:30',
      remind_before_minutes: '1440, 60',
      ...SETTINGS,
    });
    expect(extended.headers.get('Location')).toBe(`/admin/maintenance/${id}?done=saved`);
    expect((await w.api('GET', `/admin/v1/maintenances/${id}`)).scheduled_until).toBe(
      '2027-01-15T05:30:00.000Z',
    );

    // A status the API refuses from here is shown, with the message kept.
    await w.client.get(`/admin/maintenance/${id}`);
    const refused = await w.client.post(`/admin/maintenance/${id}/updates`, {
      csrf: w.client.csrf(),
      intent: 'post',
      status: 'scheduled',
      message: 'Kept update',
    });
    expect(refused.status).toBe(400);
    page = w.client.text();
    expect(page).toContain('id="update-status-error"');
    expect(page).toContain('>Kept update</textarea>');

    await w.client.get(`/admin/maintenance/${id}/cancel`);
    expect(w.client.text()).toContain('cannot be cancelled: completing it ends it now');
    const completed = await w.client.post(`/admin/maintenance/${id}/cancel`, { csrf: w.client.csrf() });
    expect(completed.headers.get('Location')).toBe(`/admin/maintenance/${id}?done=completed`);
    expect((await w.api('GET', `/admin/v1/maintenances/${id}`)).status).toBe('completed');
  });

  test('cancels a scheduled window after a confirmation page; it stays listed as cancelled', async () => {
    const w = await world();
    const id = await scheduled(w);
    await w.client.get(`/admin/maintenance/${id}/cancel`);
    expect(w.client.text()).toContain('Cancel Database upgrade?');
    expect((await w.api('GET', `/admin/v1/maintenances/${id}`)).status).toBe('scheduled');
    const cancelled = await w.client.post(`/admin/maintenance/${id}/cancel`, { csrf: w.client.csrf() });
    expect(cancelled.headers.get('Location')).toBe(`/admin/maintenance/${id}?done=cancelled`);
    expect((await w.api('GET', `/admin/v1/maintenances/${id}`)).status).toBe('cancelled');
    const upcoming = await (await w.t.app.request('/api/v2/scheduled-maintenances/upcoming.json')).json();
    expect(upcoming.scheduled_maintenances).toEqual([]);

    await w.client.get('/admin/maintenance');
    expect(w.client.text()).toMatch(
      /Recent<\/h2><ul class="list"><li class="muted"><a [^>]+>Database upgrade<\/a>\s*<strong>\(Cancelled\)<\/strong>/,
    );
    // Cancelling twice says so and changes nothing.
    await w.client.get(`/admin/maintenance/${id}/cancel`);
    expect(w.client.text()).toContain('already cancelled');
    const again = await w.client.post(`/admin/maintenance/${id}/cancel`, { csrf: w.client.csrf() });
    expect(again.status).toBe(409);

    const audit = await w.api('GET', `/admin/v1/audit-log?resource_type=maintenance&resource_id=${id}`);
    expect(JSON.stringify(audit)).toContain('maintenance.create');
  });

  test('a responder token session sees and uses the screen; a form from elsewhere is refused', async () => {
    const w = await world({ token: 'responder' });
    await w.client.get('/admin/');
    expect(w.client.text()).toContain('href="/admin/maintenance"');
    const id = await scheduled(w);
    expect((await w.api('GET', `/admin/v1/maintenances/${id}`)).status).toBe('scheduled');

    await w.client.get(`/admin/maintenance/${id}/cancel`);
    const forged = await w.client.post(
      `/admin/maintenance/${id}/cancel`,
      { csrf: w.client.csrf() },
      { origin: 'https://evil.test' },
    );
    expect(forged.status).toBe(403);
    expect((await w.api('GET', `/admin/v1/maintenances/${id}`)).status).toBe('scheduled');
    expect((await w.client.get('/admin/maintenance/mnt_missing')).status).toBe(404);
    expect((await w.client.get(`/admin/maintenances/${id}`)).headers.get('Location')).toBe(
      `/admin/maintenance/${id}`,
    );
  });
});
