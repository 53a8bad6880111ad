import { describe, expect, test } from 'vitest';
import { consoleClient, signedInConsole, signInWithToken } from '../../support/console.ts';

async function signedIn() {
  const signed = await signedInConsole();
  const incident = async (name: string, impact: string, status = 'resolved') =>
    signed.api('POST', '/admin/v1/incidents', { name, status, impact, message: 'It happened.' });
  return { ...signed, incident };
}

/** The editor's fields for a post, with rows given as [title, status, due]. */
function editorFields(
  csrf: string,
  body: string,
  rows: ReadonlyArray<readonly [string, string, string]>,
  extra: Record<string, string | string[]> = {},
) {
  return {
    csrf,
    body,
    item_title: rows.map((row) => row[0]),
    item_status: rows.map((row) => row[1]),
    item_due: rows.map((row) => row[2]),
    ...extra,
  };
}

describe('console post-mortems', () => {
  test('lists what is owed with its deadline, and offers the waiver only to those', async () => {
    const { client, incident } = await signedIn();
    await incident('Database down', 'critical');
    await incident('Typo on the page', 'minor');
    await incident('Still broken', 'major', 'investigating');
    await client.get('/admin/postmortems');
    const page = client.text();
    expect(page).toContain('Database down');
    expect(page).toMatch(/due by \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(page).not.toContain('Typo on the page');
    expect(page).not.toContain('Still broken');
    expect(page).toContain('No post-mortem needed');
  });

  test('the waiver is a confirmation step, then takes the incident off the list', async () => {
    const { client, api, incident } = await signedIn();
    const owed = await incident('Payments down', 'major');
    await client.get(`/admin/postmortems/${owed.id}/waive`);
    expect(client.text()).toContain('No post-mortem for Payments down?');
    const response = await client.post(`/admin/postmortems/${owed.id}/waive`, { csrf: client.csrf() });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/admin/postmortems?done=waived');
    expect((await api('GET', `/admin/v1/incidents/${owed.id}`)).postmortem_waived_at).not.toBeNull();
    await client.get('/admin/postmortems');
    expect(client.text()).toContain('None owed.');
    const log = await api('GET', `/admin/v1/audit-log?resource_id=${owed.id}`);
    expect(log.map((entry: { action: string }) => entry.action)).toContain('incident.waive_postmortem');
  });

  test('opens on the template; rows are added and removed by posts that keep everything typed', async () => {
    const { client, api, incident } = await signedIn();
    const owed = await incident('Login broken', 'critical');
    await client.get(`/admin/postmortems/${owed.id}`);
    const template = (await api('GET', `/admin/v1/incidents/${owed.id}/postmortem`)).body as string;
    expect(client.text()).toContain('New: the report below is the template');
    expect(client.text()).toContain(template.split('\n')[0]);
    expect(client.text().match(/name="item_title"/g)).toHaveLength(2);

    await client.post(
      `/admin/postmortems/${owed.id}`,
      editorFields(
        client.csrf(),
        'Typed report',
        [
          ['First', 'done', '2026-12-01'],
          ['Second', 'in_progress', ''],
        ],
        { intent: 'add_row' },
      ),
    );
    let page = client.text();
    expect(page.match(/name="item_title"/g)).toHaveLength(3);
    expect(page).toContain('Typed report');
    expect(page).toContain('value="First"');
    expect(page).toContain('value="2026-12-01"');

    await client.post(
      `/admin/postmortems/${owed.id}`,
      editorFields(
        client.csrf(),
        'Typed report',
        [
          ['First', 'done', '2026-12-01'],
          ['Second', 'in_progress', ''],
          ['', 'planned', ''],
        ],
        { remove: '0' },
      ),
    );
    page = client.text();
    expect(page).not.toContain('value="First"');
    expect(page).toContain('value="Second"');
    expect(page.match(/name="item_title"/g)).toHaveLength(2);
    // Nothing was saved by either.
    expect((await api('GET', `/admin/v1/incidents/${owed.id}/postmortem`)).state).toBe('new');
  });

  test('saves a draft with items and covered incidents; an error names the row and keeps the text', async () => {
    const { client, api, incident } = await signedIn();
    const main = await incident('API errors', 'major');
    const other = await incident('API errors again', 'minor');
    await client.get(`/admin/postmortems/${main.id}`);
    expect(client.text()).toContain(`value="${other.id}"`);

    const bad = await client.post(
      `/admin/postmortems/${main.id}`,
      editorFields(
        client.csrf(),
        'Kept text',
        [
          ['Good item', 'planned', ''],
          ['', 'planned', ''],
          ['Bad date', 'planned', '2026-02-30'],
        ],
        { intent: 'save' },
      ),
    );
    expect(bad.status).toBe(400);
    expect(client.text()).toContain('id="item-due-2-error"');
    expect(client.text()).toContain('Kept text');
    expect((await api('GET', `/admin/v1/incidents/${main.id}/postmortem`)).state).toBe('new');

    const saved = await client.post(
      `/admin/postmortems/${main.id}`,
      editorFields(
        client.csrf(),
        '## Summary\r\n\r\nA bad deploy.',
        [
          ['Canary deploys', 'in_progress', '2026-12-15'],
          ['', 'planned', ''],
        ],
        { intent: 'save', incident_ids: [other.id] },
      ),
    );
    expect(saved.headers.get('Location')).toBe(`/admin/postmortems/${main.id}?done=saved`);
    const draft = await api('GET', `/admin/v1/incidents/${main.id}/postmortem`);
    expect(draft).toMatchObject({
      state: 'draft',
      body: '## Summary\n\nA bad deploy.',
      action_items: [{ title: 'Canary deploys', status: 'in_progress', due_on: '2026-12-15' }],
    });
    expect(draft.incident_ids.sort()).toEqual([main.id, other.id].sort());
    await client.get('/admin/postmortems');
    expect(client.text()).toContain('API errors · API errors again');
  });

  test('preview is the sanitised report from the page renderer, without saving', async () => {
    const { client, api, incident } = await signedIn();
    const owed = await incident('Outage', 'critical');
    await client.get(`/admin/postmortems/${owed.id}`);
    const hostile = `## What happened\n\n<script>alert(1)</script>\n\nSee [click](javascript:alert(2)) and <img src=x onerror="alert(3)">\n\n${'word '.repeat(4000)}`;
    const response = await client.post(
      `/admin/postmortems/${owed.id}`,
      editorFields(client.csrf(), hostile, [['<b>bold</b> title', 'planned', '']], { intent: 'preview' }),
    );
    expect(response.status).toBe(200);
    const page = client.text();
    const preview = page.slice(
      page.indexOf('class="preview"'),
      page.indexOf('<form method="post" action="/admin/postmortems'),
    );
    expect(preview).toMatch(/<h\d>What happened<\/h\d>/);
    expect(preview).toContain('word word');
    expect(preview).not.toContain('<script>alert(1)');
    expect(preview).not.toMatch(/href="javascript:/i);
    expect(preview).not.toContain('onerror');
    expect(preview).toContain('&lt;b&gt;bold&lt;/b&gt; title');
    expect((await api('GET', `/admin/v1/incidents/${owed.id}/postmortem`)).state).toBe('new');
  });

  test('publish goes through a confirmation with notify, then shows the version; nothing changed is refused', async () => {
    const { client, api, incident } = await signedIn();
    const owed = await incident('Checkout down', 'critical');
    await client.get(`/admin/postmortems/${owed.id}`);
    const toConfirm = await client.post(
      `/admin/postmortems/${owed.id}`,
      editorFields(client.csrf(), 'A certificate expired.', [['Alert on expiry', 'planned', '']], {
        intent: 'publish',
      }),
    );
    expect(toConfirm.headers.get('Location')).toBe(`/admin/postmortems/${owed.id}/publish`);
    await client.get(`/admin/postmortems/${owed.id}/publish`);
    expect(client.text()).toContain('Publish version 1?');
    expect(client.text()).toMatch(/name="notify" value="on" checked/);
    const published = await client.post(`/admin/postmortems/${owed.id}/publish`, {
      csrf: client.csrf(),
      notify: 'on',
    });
    expect(published.headers.get('Location')).toBe(`/admin/postmortems/${owed.id}?done=published`);
    const view = await api('GET', `/admin/v1/incidents/${owed.id}/postmortem`);
    expect(view).toMatchObject({ state: 'published', published_version: 1, unpublished_changes: false });
    expect(view.versions[0].notified).toBe(true);
    expect((await api('GET', `/admin/v1/incidents/${owed.id}`)).status).toBe('postmortem');

    await client.get(`/admin/postmortems/${owed.id}`);
    expect(client.text()).toContain('Version 1');
    expect(client.text()).toContain(`https://status.acme.test/incidents/${owed.id}/postmortem/`);
    await client.get(`/admin/postmortems/${owed.id}/publish`);
    expect(client.text()).toContain('Nothing changed since version 1: edit the draft first.');
    const again = await client.post(`/admin/postmortems/${owed.id}/publish`, { csrf: client.csrf() });
    expect(again.status).toBe(409);
    expect(client.text()).toContain('Nothing changed since version 1');

    // A second version marking the item done: a follow-up, shown on the confirmation.
    await client.get(`/admin/postmortems/${owed.id}`);
    await client.post(
      `/admin/postmortems/${owed.id}`,
      editorFields(client.csrf(), 'A certificate expired.', [['Alert on expiry', 'done', '']], {
        intent: 'publish',
      }),
    );
    await client.get(`/admin/postmortems/${owed.id}/publish`);
    expect(client.text()).toContain('a follow-up: done now, Alert on expiry');
    await client.post(`/admin/postmortems/${owed.id}/publish`, { csrf: client.csrf() });
    const second = await api('GET', `/admin/v1/incidents/${owed.id}/postmortem`);
    expect(second.versions.map((version: { completed_items: string[] }) => version.completed_items)).toEqual([
      [],
      ['Alert on expiry'],
    ]);
    expect(second.versions[1].notified).toBe(false);
  });

  test('publishing refuses while a covered incident is open, and the incident list links the editor', async () => {
    const { client, api, incident } = await signedIn();
    const done = await incident('Queue stuck', 'major');
    const open = await incident('Queue slow', 'minor', 'investigating');
    await api('PUT', `/admin/v1/incidents/${done.id}/postmortem`, {
      body: 'Report',
      incident_ids: [done.id, open.id],
    });
    await client.get(`/admin/postmortems/${done.id}/publish`);
    expect(client.text()).toContain('Resolve Queue slow first');
    const refused = await client.post(`/admin/postmortems/${done.id}/publish`, { csrf: client.csrf() });
    expect(refused.status).toBe(409);
    expect((await api('GET', `/admin/v1/incidents/${done.id}`)).status).toBe('resolved');

    await client.get('/admin/incidents');
    expect(client.text()).toContain(`href="/admin/postmortems/${done.id}">Write the post-mortem`);
    expect(client.text()).not.toContain(`href="/admin/postmortems/${open.id}"`);
    await client.get(`/admin/incidents/${done.id}/update`);
    expect(client.text()).toContain(`href="/admin/postmortems/${done.id}">Write the post-mortem`);
  });

  test('a responder token session writes, publishes and waives, as the API lets responders do', async () => {
    const { t, api, incident } = await signedIn();
    const issued = await api('POST', '/admin/v1/tokens', { name: 'pager', scope: 'responder' });
    const client = consoleClient(t);
    await signInWithToken(client, issued.token);
    await client.get('/admin/');
    expect(client.text()).toContain('href="/admin/postmortems"');
    const owed = await incident('Search down', 'major');
    const waived = await incident('Search flaky', 'major');
    await client.get(`/admin/postmortems/${owed.id}`);
    await client.post(
      `/admin/postmortems/${owed.id}`,
      editorFields(client.csrf(), 'Report', [], { intent: 'publish' }),
    );
    await client.get(`/admin/postmortems/${owed.id}/publish`);
    const published = await client.post(`/admin/postmortems/${owed.id}/publish`, { csrf: client.csrf() });
    expect(published.status).toBe(303);
    await client.get(`/admin/postmortems/${waived.id}/waive`);
    expect((await client.post(`/admin/postmortems/${waived.id}/waive`, { csrf: client.csrf() })).status).toBe(
      303,
    );
    const log = await api('GET', '/admin/v1/audit-log?resource_type=postmortem');
    expect(log.map((entry: { actor: string }) => entry.actor)).toEqual([issued.id, issued.id]);
  });

  test('deletes a published post-mortem after a confirmation page; the incident is resolved again', async () => {
    const { client, api, incident } = await signedIn();
    const wrong = await incident('Payments <down>', 'major');
    await api('PUT', `/admin/v1/incidents/${wrong.id}/postmortem`, {
      body: '## Summary\n\nWrong one.',
      action_items: [],
    });
    await client.get(`/admin/postmortems/${wrong.id}`);
    // A saved draft can be discarded (a new one, never saved, offers nothing to delete).
    expect(client.text()).toContain(`href="/admin/postmortems/${wrong.id}/delete"`);
    await api('POST', `/admin/v1/incidents/${wrong.id}/postmortem/publish`, {});

    await client.get(`/admin/postmortems/${wrong.id}/delete`);
    expect(client.text()).toContain('Delete the post-mortem of “Payments &lt;down&gt;”?');
    expect(client.text()).toContain('with all 1 published version');
    const deleted = await client.post(`/admin/postmortems/${wrong.id}/delete`, { csrf: client.csrf() });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('Location')).toBe('/admin/postmortems?done=deleted');
    expect((await api('GET', `/admin/v1/incidents/${wrong.id}`)).status).toBe('resolved');
    expect((await api('GET', `/admin/v1/incidents/${wrong.id}/postmortem`)).state).toBe('new');
    await client.get(`/admin/postmortems/${wrong.id}`);
    expect(client.text()).not.toContain(`/admin/postmortems/${wrong.id}/delete`);
    // Gone already: the confirmation page sends back to the editor.
    expect((await client.get(`/admin/postmortems/${wrong.id}/delete`)).status).toBe(303);
  });

  test('refuses a post without the CSRF token or from another origin', async () => {
    const { client, api, incident } = await signedIn();
    const owed = await incident('Outage', 'critical');
    await client.get(`/admin/postmortems/${owed.id}`);
    const fields = editorFields(client.csrf(), 'x', [], { intent: 'save' });
    expect((await client.post(`/admin/postmortems/${owed.id}`, { ...fields, csrf: 'nope' })).status).toBe(
      403,
    );
    expect(
      (await client.post(`/admin/postmortems/${owed.id}`, fields, { origin: 'https://evil.test' })).status,
    ).toBe(403);
    expect((await api('GET', `/admin/v1/incidents/${owed.id}/postmortem`)).state).toBe('new');
  });
});
