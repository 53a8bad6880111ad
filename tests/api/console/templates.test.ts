import { describe, expect, test } from 'vitest';
import { consoleClient, signedInConsole, signInWithToken } from '../../support/console.ts';

async function signedIn() {
  const signed = await signedInConsole();
  const { api } = signed;
  const group = await api('POST', '/admin/v1/component-groups', { name: 'Payments' });
  const checkout = await api('POST', '/admin/v1/components', { name: 'Checkout', group_id: group.id });
  const web = await api('POST', '/admin/v1/components', { name: 'Web' });
  return { ...signed, checkout, web };
}

const templateForm = (fields: Record<string, string>) => ({
  name: '',
  title: '',
  status: '',
  impact: '',
  body: '',
  intent: 'save',
  ...fields,
});

describe('console: incident templates', () => {
  test('creates, previews, edits and deletes a template through the API services (audited)', async () => {
    const { client, api, checkout, web } = await signedIn();
    await client.get('/admin/templates/new');
    expect(client.text()).toContain('<legend>Payments</legend>');
    const fields = templateForm({
      name: 'Payments down',
      title: 'Card payments are failing',
      status: 'investigating',
      impact: 'critical',
      body: 'Some payments **fail**.<script>alert(1)</script>',
      [`component:${checkout.id}`]: 'major_outage',
      [`component:${web.id}`]: '',
    });
    await client.post('/admin/templates/new', { ...fields, csrf: client.csrf(), intent: 'preview' });
    expect(client.text()).toContain('<strong>fail</strong>');
    expect(client.text()).not.toContain('<script>alert(1)</script>');
    expect(client.text()).toContain('value="Card payments are failing"');

    const created = await client.post('/admin/templates/new', { ...fields, csrf: client.csrf() });
    expect(created.headers.get('Location')).toBe('/admin/templates?done=created');
    const [template] = await api('GET', '/admin/v1/incident-templates');
    expect(template).toMatchObject({
      name: 'Payments down',
      title: 'Card payments are failing',
      status: 'investigating',
      impact: 'critical',
      components: { [checkout.id]: 'major_outage' },
    });

    await client.get('/admin/templates');
    expect(client.text()).toContain('Checkout: Major outage');
    await client.get(`/admin/templates/${template.id}/edit`);
    expect(client.text()).toContain('value="Payments down"');
    const saved = await client.post(`/admin/templates/${template.id}/edit`, {
      ...templateForm({ name: 'Payments down', title: '', body: 'Still **slow**.' }),
      csrf: client.csrf(),
      [`component:${web.id}`]: 'degraded_performance',
    });
    expect(saved.status).toBe(303);
    expect(await api('GET', `/admin/v1/incident-templates/${template.id}`)).toMatchObject({
      title: null,
      status: null,
      impact: null,
      body: 'Still **slow**.',
      components: { [web.id]: 'degraded_performance' },
    });

    await client.get(`/admin/templates/${template.id}/delete`);
    expect(client.text()).toContain('Delete the template Payments down?');
    const deleted = await client.post(`/admin/templates/${template.id}/delete`, { csrf: client.csrf() });
    expect(deleted.headers.get('Location')).toBe('/admin/templates?done=deleted');
    expect(await api('GET', '/admin/v1/incident-templates')).toEqual([]);
    const log = await api('GET', '/admin/v1/audit-log?resource_type=incident_template');
    expect(log.map((entry: { action: string }) => entry.action).sort()).toEqual([
      'incident_template.create',
      'incident_template.delete',
      'incident_template.update',
    ]);
  });

  test('a taken name is shown by the name field, a bad status by its select; nothing typed is lost', async () => {
    const { client, api } = await signedIn();
    await api('POST', '/admin/v1/incident-templates', { name: 'Taken' });
    await client.get('/admin/templates/new');
    const taken = await client.post('/admin/templates/new', {
      ...templateForm({ name: 'Taken', title: 'Keep this title' }),
      csrf: client.csrf(),
    });
    expect(taken.status).toBe(409);
    expect(client.text()).toContain('id="template-name-error"');
    expect(client.text()).toContain('value="Keep this title"');
    const bad = await client.post('/admin/templates/new', {
      ...templateForm({ name: 'Other', status: 'bogus' }),
      csrf: client.csrf(),
    });
    expect(bad.status).toBe(400);
    expect(client.text()).toContain('id="template-status-error"');
    expect(await api('GET', '/admin/v1/incident-templates')).toHaveLength(1);
  });

  test('opens an incident from a template: every field pre-filled, editable, template_id sent', async () => {
    const { client, api, checkout } = await signedIn();
    const template = await api('POST', '/admin/v1/incident-templates', {
      name: 'Payments down',
      title: 'Card payments are failing',
      body: 'Some card payments fail.',
      status: 'identified',
      impact: 'major',
      components: { [checkout.id]: 'partial_outage' },
    });
    await client.get('/admin/incidents/new');
    expect(client.text()).toContain(`<option value="${template.id}">Payments down</option>`);
    await client.get(`/admin/incidents/new?template=${template.id}`);
    const page = client.text();
    expect(page).toContain(`name="template_id" value="${template.id}"`);
    expect(page).toContain('value="Card payments are failing"');
    expect(page).toContain('>Some card payments fail.</textarea>');
    expect(page).toContain('<option value="identified" selected>');
    expect(page).toContain('<option value="major" selected>');
    expect(page).toContain('<option value="partial_outage" selected>');

    const opened = await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      template_id: template.id,
      name: 'Card payments are failing in the EU',
      status: 'identified',
      impact: 'major',
      message: 'Some card payments fail.',
      [`component:${checkout.id}`]: 'partial_outage',
      notify: 'on',
      intent: 'open',
    });
    expect(opened.headers.get('Location')).toBe('/admin/?done=opened');
    const [incident] = await api('GET', '/admin/v1/incidents');
    expect(incident).toMatchObject({
      name: 'Card payments are failing in the EU',
      status: 'identified',
      impact: 'major',
      component_ids: [checkout.id],
    });
    expect((await api('GET', `/admin/v1/components/${checkout.id}`)).status).toBe('partial_outage');
  });

  test('an unknown template is said so; one deleted before posting is a 400 at template_id', async () => {
    const { t, client, api } = await signedIn();
    const missing = await client.get('/admin/incidents/new?template=tpl_nope');
    expect(missing.status).toBe(404);
    expect(client.text()).toContain('No incident template has the id tpl_nope.');
    const template = await api('POST', '/admin/v1/incident-templates', { name: 'Short-lived' });
    await client.get(`/admin/incidents/new?template=${template.id}`);
    await t.admin('DELETE', `/admin/v1/incident-templates/${template.id}`);
    const refused = await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      template_id: template.id,
      name: 'Typed by hand',
      status: 'investigating',
      impact: 'minor',
      message: 'Hello.',
      intent: 'open',
    });
    expect(refused.status).toBe(400);
    expect(client.text()).toContain('value="Typed by hand"');
    expect(await api('GET', '/admin/v1/incidents')).toEqual([]);
  });

  test('posts an update from a template: its status, message and components over the current ones', async () => {
    const { client, api, checkout, web } = await signedIn();
    const incident = await api('POST', '/admin/v1/incidents', {
      name: 'Slow pages',
      status: 'investigating',
      impact: 'minor',
      message: 'Looking.',
      components: { [checkout.id]: 'degraded_performance' },
    });
    const template = await api('POST', '/admin/v1/incident-templates', {
      name: 'Fix deployed',
      body: 'A fix is deployed; we are **watching**.',
      status: 'monitoring',
      components: { [web.id]: 'operational' },
    });
    await client.get(`/admin/incidents/${incident.id}/update?template=${template.id}`);
    const page = client.text();
    expect(page).toContain('<option value="monitoring" selected>');
    expect(page).toContain('we are **watching**.</textarea>');
    // The incident's own component keeps its current status; the template's other one is shown.
    expect(page).toMatch(
      new RegExp(`name="component:${checkout.id}"[^>]*>.*<option value="degraded_performance" selected>`),
    );
    expect(page).toContain('<details open><summary>Other components</summary>');

    const posted = await client.post(`/admin/incidents/${incident.id}/update`, {
      csrf: client.csrf(),
      template_id: template.id,
      status: 'monitoring',
      message: 'A fix is deployed; we are **watching**.',
      [`component:${checkout.id}`]: 'degraded_performance',
      [`component:${web.id}`]: 'operational',
      notify: 'on',
      intent: 'post',
    });
    expect(posted.headers.get('Location')).toBe('/admin/?done=updated');
    const after = await api('GET', `/admin/v1/incidents/${incident.id}`);
    expect(after.status).toBe('monitoring');
    expect(after.incident_updates[0].body).toBe('A fix is deployed; we are **watching**.');
    expect([...after.component_ids].sort()).toEqual([checkout.id, web.id].sort());
  });
});

describe('console: updates from a template', () => {
  test("a resolving template proposes operational for each of the incident's components", async () => {
    const { client, api, checkout } = await signedIn();
    const incident = await api('POST', '/admin/v1/incidents', {
      name: 'Checkout down',
      status: 'identified',
      impact: 'major',
      message: 'Found it.',
      components: { [checkout.id]: 'major_outage' },
    });
    const template = await api('POST', '/admin/v1/incident-templates', {
      name: 'All clear',
      body: 'Everything works again.',
      status: 'resolved',
    });
    await client.get(`/admin/incidents/${incident.id}/update?template=${template.id}`);
    expect(client.text()).toMatch(
      new RegExp(
        `name="component:${checkout.id}" data-incident-component><option value="operational" selected>`,
      ),
    );
  });
});

describe('console: insights', () => {
  test('lists each incident with its metrics and serves the same CSV as the API', async () => {
    const { t, client, api } = await signedIn();
    const incident = await api('POST', '/admin/v1/incidents', {
      name: '=HYPERLINK("x") outage',
      status: 'investigating',
      impact: 'major',
      message: 'Looking.',
    });
    // Resolved, its metrics no longer move with the clock: both CSVs below must match exactly.
    await api('POST', `/admin/v1/incidents/${incident.id}/updates`, { status: 'resolved', message: 'Done.' });
    const page = await client.get('/admin/insights');
    expect(page.status).toBe(200);
    expect(client.text()).toContain('=HYPERLINK(&quot;x&quot;) outage');
    expect(client.text()).toContain('Monthly medians');
    expect(client.text()).toContain('href="/admin/insights.csv"');
    await client.get('/admin/insights?from=2000-01-01&to=2099-12-31');
    expect(client.text()).toContain('href="/admin/insights.csv?from=2000-01-01&amp;to=2099-12-31"');

    const query = '?from=2000-01-01&to=2099-12-31';
    const consoleCsv = await client.get(`/admin/insights.csv${query}`);
    const apiCsv = await t.admin('GET', `/admin/v1/insights.csv${query}`);
    expect(consoleCsv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(consoleCsv.headers.get('Content-Disposition')).toBe(apiCsv.headers.get('Content-Disposition'));
    const text = await consoleCsv.text();
    expect(text).toContain(`${incident.id},"'=HYPERLINK(""x"") outage"`);
    expect(text).toBe(await apiCsv.text());
    expect(text.trim().split('\n')).toHaveLength(2);
  });

  test('a bad range is shown by its field; a responder session gets neither page nor CSV', async () => {
    const { t, client } = await signedIn();
    const bad = await client.get('/admin/insights?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(client.text()).toContain('id="range-from-error"');
    expect((await client.get('/admin/insights?from=2026-12-01&to=2026-11-01')).status).toBe(400);

    const issued = await (
      await t.admin('POST', '/admin/v1/tokens', { name: 'pager', scope: 'responder' })
    ).json();
    const responder = consoleClient(t);
    await signInWithToken(responder, issued.token);
    await responder.get('/admin/');
    expect(responder.text()).toContain('href="/admin/templates"');
    expect(responder.text()).not.toContain('href="/admin/insights"');
    expect((await responder.get('/admin/insights')).status).toBe(403);
    expect((await responder.get('/admin/insights.csv')).status).toBe(403);
    expect((await responder.get('/admin/templates')).status).toBe(200);
  });
});
