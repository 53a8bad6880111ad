import { describe, expect, test } from 'vitest';
import { createTestApp } from '../../support/app.ts';
import { consoleClient, signedInConsole, signInWithToken } from '../../support/console.ts';

const signedIn = signedInConsole;

describe('console screens', () => {
  test('opens an incident with components, posts updates to resolution, and the public JSON follows', async () => {
    const { client, api } = await signedIn();
    const group = await api('POST', '/admin/v1/component-groups', { name: 'Core' });
    const apiComponent = await api('POST', '/admin/v1/components', { name: 'API', group_id: group.id });
    const web = await api('POST', '/admin/v1/components', { name: 'Web' });

    await client.get('/admin/incidents/new');
    expect(client.text()).toContain('<legend>Core</legend>');
    const preview = await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      name: 'API errors',
      status: 'investigating',
      impact: '',
      message: 'We see **errors**.<script>alert(1)</script>',
      [`component:${apiComponent.id}`]: 'major_outage',
      [`component:${web.id}`]: '',
      notify: 'on',
      intent: 'preview',
    });
    expect(preview.status).toBe(200);
    const page = client.text();
    expect(page).toContain('<strong>errors</strong>');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('Suggested from the components: critical');
    expect(page).toContain('Emails 0 subscribers');
    expect(page).toContain('value="API errors"');

    const opened = await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      name: 'API errors',
      status: 'investigating',
      impact: '',
      message: 'We see errors.',
      [`component:${apiComponent.id}`]: 'major_outage',
      notify: 'on',
      intent: 'open',
    });
    expect(opened.headers.get('Location')).toBe('/admin/?done=opened');
    const [incident] = await api('GET', '/admin/v1/incidents');
    expect(incident).toMatchObject({
      name: 'API errors',
      impact: 'critical',
      component_ids: [apiComponent.id],
    });

    await client.get('/admin/');
    expect(client.text()).toContain('API errors');
    expect(client.text()).toContain('Major System Outage');

    await client.get(`/admin/incidents/${incident.id}/update`);
    expect(client.text()).toMatch(
      new RegExp(
        `name="component:${apiComponent.id}" data-incident-component><option value="operational">Operational</option><option value="degraded_performance">Degraded performance</option><option value="partial_outage">Partial outage</option><option value="major_outage" selected>`,
      ),
    );
    await client.post(`/admin/incidents/${incident.id}/update`, {
      csrf: client.csrf(),
      status: 'monitoring',
      message: 'A fix is out.',
      [`component:${apiComponent.id}`]: 'degraded_performance',
      notify: 'on',
      intent: 'post',
    });
    await client.get(`/admin/incidents/${incident.id}/update?status=resolved`);
    expect(client.text()).toMatch(/<option value="operational" selected>/);
    const resolved = await client.post(`/admin/incidents/${incident.id}/update`, {
      csrf: client.csrf(),
      status: 'resolved',
      message: 'All good.',
      [`component:${apiComponent.id}`]: 'operational',
      notify: 'on',
      intent: 'post',
    });
    expect(resolved.headers.get('Location')).toBe('/admin/?done=updated');
    const summary = (await (await client.get('/api/v2/summary.json')).json()) as {
      status: { description: string };
      components: { name: string; status: string }[];
      incidents: unknown[];
    };
    expect(summary.status.description).toBe('All Systems Operational');
    expect(summary.components.find((component) => component.name === 'API')?.status).toBe('operational');
    expect(summary.incidents).toEqual([]);
  });

  test('an invalid form keeps what was typed and names the field', async () => {
    const { client, api } = await signedIn();
    await client.get('/admin/incidents/new');
    const response = await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      name: '',
      status: 'investigating',
      impact: 'minor',
      message: 'Typed with care',
      intent: 'open',
    });
    expect(response.status).toBe(400);
    expect(client.text()).toContain('id="name-error"');
    expect(client.text()).toContain('Typed with care');
    expect(await api('GET', '/admin/v1/incidents')).toEqual([]);
  });

  test('posting to a resolved incident warns before reopening it', async () => {
    const { client, api } = await signedIn();
    const incident = await api('POST', '/admin/v1/incidents', {
      name: 'Old',
      status: 'resolved',
      impact: 'minor',
      message: 'Done.',
    });
    await client.get(`/admin/incidents/${incident.id}/update`);
    expect(client.text()).toContain('Posting anything but “Resolved” reopens it.');
    const refused = await client.post(`/admin/incidents/${incident.id}/update`, {
      csrf: client.csrf(),
      status: 'investigating',
      message: 'Back again.',
      intent: 'post',
    });
    expect(refused.status).toBe(400);
    expect(client.text()).toContain('id="confirm_reopen-error"');
    expect((await api('GET', `/admin/v1/incidents/${incident.id}`)).status).toBe('resolved');
    const reopened = await client.post(`/admin/incidents/${incident.id}/update`, {
      csrf: client.csrf(),
      status: 'investigating',
      message: 'Back again.',
      confirm_reopen: 'yes',
      intent: 'post',
    });
    expect(reopened.status).toBe(303);
    expect((await api('GET', `/admin/v1/incidents/${incident.id}`)).status).toBe('investigating');
  });

  test('components: create, rename, reorder with buttons, delete after confirmation', async () => {
    const { client, api } = await signedIn();
    await client.get('/admin/components');
    const csrf = client.csrf();
    await client.post('/admin/components', { csrf, name: 'First', group_id: '', description: '' });
    await client.post('/admin/components', { csrf, name: 'Second', group_id: '', description: 'The second' });
    const dup = await client.post('/admin/components', {
      csrf,
      name: 'First',
      group_id: '',
      description: '',
    });
    expect(dup.status).toBe(409);
    let components = (await api('GET', '/admin/v1/components')) as { id: string; name: string }[];
    expect(components.map((component) => component.name)).toEqual(['First', 'Second']);
    const second = components[1]?.id ?? '';
    await client.post(`/admin/components/${second}/move`, { csrf, direction: 'up' });
    components = await api('GET', '/admin/v1/components');
    expect(components.map((component) => component.name)).toEqual(['Second', 'First']);
    await client.post(`/admin/components/${second}/edit`, {
      csrf,
      name: 'Renamed',
      description: '',
      group_id: '',
    });
    await client.get(`/admin/components/${second}/delete`);
    expect(client.text()).toContain('Delete Renamed?');
    await client.post(`/admin/components/${second}/delete`, { csrf });
    components = await api('GET', '/admin/v1/components');
    expect(components.map((component) => component.name)).toEqual(['First']);
  });

  test('a responder token session sees incidents and components, not the admin screens', async () => {
    const t = await createTestApp();
    const issued = await (
      await t.admin('POST', '/admin/v1/tokens', { name: 'pager', scope: 'responder' })
    ).json();
    const client = consoleClient(t);
    await signInWithToken(client, issued.token);
    await client.get('/admin/');
    expect(client.text()).toContain('href="/admin/components"');
    expect(client.text()).not.toContain('href="/admin/members"');
    expect((await client.get('/admin/members')).status).toBe(403);
    // Revoking the token ends its session.
    await t.admin('DELETE', `/admin/v1/tokens/${issued.id}`);
    await client.get('/admin/');
    expect(client.text()).toContain('Email me a sign-in link');
  });

  test('every screen renders for an admin', async () => {
    const { client } = await signedIn();
    for (const path of [
      '/admin/',
      '/admin/incidents',
      '/admin/incidents/new',
      '/admin/components',
      '/admin/subscribers',
      '/admin/webhooks',
      '/admin/members',
      '/admin/audit-log',
      '/admin/activity',
      '/admin/settings',
    ]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    }
  });
});
