import { describe, expect, test } from 'vitest';
import { countdownWords } from '../../../api/console/countdown.ts';
import { CONSOLE_SCRIPT } from '../../../api/console/script.ts';
import { ensurePage } from '../../../api/services/page.ts';
import type { TargetPolicy } from '../../../api/webhooks/target-guard.ts';
import { listAuditEntries } from '../../../db/queries/audit-log.ts';
import { createTestApp } from '../../support/app.ts';
import {
  type ConsoleClient,
  consoleClient,
  latestSignInToken,
  signInWithToken,
} from '../../support/console.ts';

const MINUTE = 60_000;
const START = Date.parse('2026-03-02T10:00:00.000Z');

async function world(options: { webhookPolicy?: TargetPolicy } = {}) {
  let now = START;
  const t = await createTestApp({ clock: () => new Date(now), ...options });
  await ensurePage(
    t.db,
    { name: 'Acme', url: 'https://status.acme.test', time_zone: 'UTC' },
    new Date(now).toISOString(),
  );
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await t.admin(method, path, body);
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };
  return { t, api, advance: (ms: number) => (now += ms) };
}

async function signInAsMember(
  t: Awaited<ReturnType<typeof world>>['t'],
): Promise<{ client: ConsoleClient; id: string }> {
  const member = await (
    await t.admin('POST', '/admin/v1/members', { email: 'ada@example.com', name: 'Ada Lovelace' })
  ).json();
  const client = consoleClient(t);
  await client.get('/admin/');
  await client.post('/admin/sign-in', { csrf: client.csrf(), email: 'ada@example.com' });
  const token = await latestSignInToken(t.db);
  await client.get(`/admin/sign-in/link?token=${token}`);
  await client.post('/admin/sign-in/link', { csrf: client.csrf(), token });
  return { client, id: member.id };
}

const field = (page: string, id: string) => new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(page)?.[1];

describe('console: incident lead and the countdown to the next update', () => {
  test('an email session opens an incident led by its member; Now counts down, then shows it overdue in red', async () => {
    const { t, api, advance } = await world();
    const { client, id } = await signInAsMember(t);
    await client.get('/admin/incidents/new');
    expect(field(client.text(), 'lead_email')).toBe('ada@example.com');
    expect(field(client.text(), 'lead_name')).toBe('Ada Lovelace');
    const opened = await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      name: 'Checkout down',
      status: 'investigating',
      impact: 'major',
      message: 'Looking.',
      lead_email: 'ada@example.com',
      lead_name: 'Ada Lovelace',
      update_cadence_minutes: '',
      notify: 'on',
      intent: 'open',
    });
    expect(opened.headers.get('Location')).toBe('/admin/?done=opened');
    const [incident] = (await api('GET', '/admin/v1/incidents')).body;
    expect(incident.lead).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(incident.update_cadence_minutes).toBeNull();
    expect(incident.next_update_at).toBe(new Date(START + 60 * MINUTE).toISOString());
    const audit = await listAuditEntries(t.db, { limit: 10, resourceType: 'incident' });
    expect(audit[0]?.actor).toBe(id);

    await client.get('/admin/');
    expect(client.text()).toContain('Lead: Ada Lovelace &lt;ada@example.com&gt;');
    expect(client.text()).toContain(
      `<span class="countdown" data-due="${incident.next_update_at}">Next update <strong data-countdown>due in 1 h</strong>`,
    );
    expect(client.text()).toContain('(<time datetime="2026-03-02T11:00:00.000Z">11:00 UTC</time>)');

    advance(72 * MINUTE);
    await client.get('/admin/');
    expect(client.text()).toContain('<span class="countdown bad"');
    expect(client.text()).toContain('<strong data-countdown>overdue by 12 min</strong>');

    // The most urgent first, whatever the order of opening.
    await api('POST', '/admin/v1/incidents', {
      name: 'Later one',
      status: 'investigating',
      impact: 'none',
      message: 'x',
    });
    await client.get('/admin/');
    expect(client.text().indexOf('Checkout down')).toBeLessThan(client.text().indexOf('Later one'));
  });

  test('a token session proposes no lead, so the page’s escalation contact leads; a cadence of its own is kept', async () => {
    const { t, api } = await world();
    await api('PATCH', '/admin/v1/page', { escalation_email: 'oncall@example.com' });
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    await client.get('/admin/incidents/new');
    expect(field(client.text(), 'lead_email')).toBe('');
    const bad = await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      name: 'Search slow',
      status: 'investigating',
      impact: 'minor',
      message: 'Looking.',
      lead_email: '',
      lead_name: '',
      update_cadence_minutes: '0',
      intent: 'open',
    });
    expect(bad.status).toBe(400);
    expect(client.text()).toMatch(/<p class="field-error" id="update_cadence_minutes-error">/);
    expect(field(client.text(), 'name')).toBe('Search slow');
    expect((await api('GET', '/admin/v1/incidents')).body).toEqual([]);

    await client.post('/admin/incidents/new', {
      csrf: client.csrf(),
      name: 'Search slow',
      status: 'investigating',
      impact: 'minor',
      message: 'Looking.',
      lead_email: '',
      lead_name: '',
      update_cadence_minutes: '15',
      intent: 'open',
    });
    const [incident] = (await api('GET', '/admin/v1/incidents')).body;
    expect(incident.lead).toEqual({ email: 'oncall@example.com', name: null });
    expect(incident.update_cadence_minutes).toBe(15);
    expect(incident.next_update_at).toBe(new Date(START + 15 * MINUTE).toISOString());
  });

  test('the lead and cadence of an open incident change from the Post an update page, audited as the member', async () => {
    const { t, api } = await world();
    const { client, id } = await signInAsMember(t);
    const created = await api('POST', '/admin/v1/incidents', {
      name: 'Login errors',
      status: 'identified',
      impact: 'critical',
      message: 'Found it.',
    });
    await client.get(`/admin/incidents/${created.body.id}/update`);
    expect(client.text()).toContain('Lead: no lead');
    expect(client.text()).toContain('<summary>Change lead or cadence</summary>');
    expect(client.text()).toContain('due in 30 min');

    const refused = await client.post(`/admin/incidents/${created.body.id}/lead`, {
      csrf: client.csrf(),
      lead_email: 'not an address',
      lead_name: '',
      update_cadence_minutes: '',
    });
    expect(refused.status).toBe(400);
    expect(client.text()).toContain('id="lead_email-error"');
    expect(field(client.text(), 'lead_email')).toBe('not an address');

    const saved = await client.post(`/admin/incidents/${created.body.id}/lead`, {
      csrf: client.csrf(),
      lead_email: 'ada@example.com',
      lead_name: '',
      update_cadence_minutes: '5',
    });
    expect(saved.headers.get('Location')).toBe('/admin/?done=lead');
    const changed = (await api('GET', `/admin/v1/incidents/${created.body.id}`)).body;
    expect(changed.lead).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(changed.update_cadence_minutes).toBe(5);
    expect(changed.next_update_at).toBe(new Date(START + 5 * MINUTE).toISOString());
    const [entry] = await listAuditEntries(t.db, { limit: 1, resourceType: 'incident' });
    expect(entry).toMatchObject({ action: 'incident.update', actor: id });

    // Emptied, the cadence goes back to the page's, and the lead is cleared.
    await client.get(`/admin/incidents/${created.body.id}/lead`);
    await client.post(`/admin/incidents/${created.body.id}/lead`, {
      csrf: client.csrf(),
      lead_email: '',
      lead_name: '',
      update_cadence_minutes: '',
    });
    const cleared = (await api('GET', `/admin/v1/incidents/${created.body.id}`)).body;
    expect(cleared).toMatchObject({ lead: null, update_cadence_minutes: null });
  });

  test('Now lists running and scheduled maintenance and the post-mortems coming due', async () => {
    const { t, api } = await world();
    await api('PATCH', '/admin/v1/page', { postmortem_deadline_hours: 2 });
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    const maintenance = await api('POST', '/admin/v1/maintenances', {
      name: 'DB <upgrade>',
      scheduled_for: new Date(START + 120 * MINUTE).toISOString(),
      scheduled_until: new Date(START + 180 * MINUTE).toISOString(),
      message: 'Planned.',
    });
    expect(maintenance.status).toBe(201);
    const incident = await api('POST', '/admin/v1/incidents', {
      name: 'Outage',
      status: 'resolved',
      impact: 'major',
      message: 'Over.',
    });
    await client.get('/admin/');
    const page = client.text();
    expect(page).toContain(`<a href="/admin/maintenance/${maintenance.body.id}">DB &lt;upgrade&gt;</a>`);
    expect(page).toContain('Scheduled · 2 Mar, 12:00 UTC to 2 Mar, 13:00 UTC');
    expect(page).toContain(`<a href="/admin/postmortems/${incident.body.id}">Outage</a>`);
    expect(page).toContain('due in 2 h');

    await api('POST', `/admin/v1/incidents/${incident.body.id}/postmortem-waiver`);
    await client.get('/admin/');
    expect(client.text()).not.toContain('/admin/postmortems/');
  });
});

describe('console: page settings', () => {
  const base = {
    name: 'Acme',
    url: 'https://status.acme.test',
    time_zone: 'UTC',
    logo_url: '',
    product_url: '',
    support_url: '',
    'update_cadence_minutes.critical': '30',
    'update_cadence_minutes.major': '60',
    'update_cadence_minutes.minor': '240',
    'update_cadence_minutes.none': '480',
    show_next_update: 'on',
    reminder_lead_minutes: '5',
    escalation_after_minutes: '15',
    escalation_email: '',
    chat_webhook_url: '',
    monitoring_watch_minutes: '30',
    postmortem_deadline_hours: '48',
  };

  test('shows every setting and saves only what changed; empty optional fields are cleared', async () => {
    const { t, api } = await world();
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    await client.get('/admin/settings');
    for (const [name, value] of Object.entries(base)) {
      if (name !== 'show_next_update') expect(client.text(), name).toContain(`name="${name}"`);
      if (name.startsWith('update_cadence')) expect(field(client.text(), name.replace('.', '-'))).toBe(value);
    }
    const saved = await client.post('/admin/settings', {
      ...base,
      csrf: client.csrf(),
      'update_cadence_minutes.major': '20',
      logo_url: 'https://cdn.acme.test/logo.png',
      escalation_email: 'boss@acme.test',
      show_incident_metrics: 'on',
      postmortem_deadline_hours: '24',
    });
    expect(saved.headers.get('Location')).toBe('/admin/settings?done=saved');
    const page = (await api('GET', '/admin/v1/page')).body;
    expect(page).toMatchObject({
      update_cadence_minutes: { critical: 30, major: 20, minor: 240, none: 480 },
      logo_url: 'https://cdn.acme.test/logo.png',
      escalation_email: 'boss@acme.test',
      show_incident_metrics: true,
      postmortem_deadline_hours: 24,
      show_next_update: true,
    });
    const [entry] = await listAuditEntries(t.db, { limit: 1, resourceType: 'page' });
    expect(Object.keys(entry?.changes ?? {}).sort()).toEqual([
      '/escalation_email',
      '/logo_url',
      '/postmortem_deadline_hours',
      '/show_incident_metrics',
      '/update_cadence_minutes',
    ]);

    await client.get('/admin/settings');
    const { show_next_update: _dropped, ...withoutPromise } = base;
    await client.post('/admin/settings', {
      ...withoutPromise,
      csrf: client.csrf(),
      'update_cadence_minutes.major': '20',
    });
    const after = (await api('GET', '/admin/v1/page')).body;
    expect(after).toMatchObject({
      logo_url: null,
      escalation_email: null,
      show_next_update: false,
      show_incident_metrics: false,
    });
  });

  test('errors are shown by their field, everything typed is kept, nothing is saved', async () => {
    const { t, api } = await world();
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    const before = (await api('GET', '/admin/v1/page')).body;
    await client.get('/admin/settings');
    const refused = await client.post('/admin/settings', {
      ...base,
      csrf: client.csrf(),
      name: 'Acme Status',
      time_zone: 'Mars/Olympus',
      'update_cadence_minutes.critical': '0',
      logo_url: 'http://insecure.test/logo.png',
      chat_webhook_url: 'http://127.0.0.1:9/hook',
    });
    expect(refused.status).toBe(400);
    const page = client.text();
    for (const id of ['time_zone', 'update_cadence_minutes-critical', 'logo_url']) {
      expect(page, id).toContain(`id="${id}-error"`);
    }
    expect(field(page, 'name')).toBe('Acme Status');
    expect(field(page, 'chat_webhook_url')).toBe('http://127.0.0.1:9/hook');
    expect((await api('GET', '/admin/v1/page')).body).toEqual(before);

    // The schema is satisfied; the address rules refuse the private webhook, by its field.
    await client.post('/admin/settings', {
      ...base,
      csrf: client.csrf(),
      chat_webhook_url: 'http://127.0.0.1:9/hook',
    });
    expect(client.text()).toMatch(/id="chat_webhook_url-error">The chat webhook URL [^<]+/);
    expect((await api('GET', '/admin/v1/page')).body.chat_webhook_url).toBeNull();

    const empty = await client.post('/admin/settings', {
      ...base,
      csrf: client.csrf(),
      reminder_lead_minutes: '',
    });
    expect(empty.status).toBe(400);
    expect(client.text()).toContain('id="reminder_lead_minutes-error">Required.');
  });

  test('a private chat webhook is saved where the server allows private webhooks', async () => {
    const { t, api } = await world({ webhookPolicy: { allowPrivate: true } });
    const client = consoleClient(t);
    await signInWithToken(client, t.token);
    await client.get('/admin/settings');
    const saved = await client.post('/admin/settings', {
      ...base,
      csrf: client.csrf(),
      chat_webhook_url: 'http://127.0.0.1:9/hook',
    });
    expect(saved.headers.get('Location')).toBe('/admin/settings?done=saved');
    expect((await api('GET', '/admin/v1/page')).body.chat_webhook_url).toBe('http://127.0.0.1:9/hook');
  });
});

describe('the countdown script', () => {
  test('rewords the countdown as the server does, and turns it red once due', () => {
    const words = { textContent: '' };
    const classes = new Set<string>();
    const make = (due: string) => ({
      getAttribute: () => due,
      querySelector: () => words,
      classList: { toggle: (name: string, on: boolean) => (on ? classes.add(name) : classes.delete(name)) },
    });
    let element = make(new Date(Date.now() + 12.5 * MINUTE).toISOString());
    const document = {
      addEventListener: () => undefined,
      querySelector: () => element,
      // Only the countdowns are on this page (no draggable lists).
      querySelectorAll: (selector: string) => (selector === '[data-due]' ? [element] : []),
    };
    const intervals: Array<() => void> = [];
    new Function('document', 'window', 'setInterval', CONSOLE_SCRIPT)(document, {}, (fn: () => void) =>
      intervals.push(fn),
    );
    expect(words.textContent).toBe(countdownWords(element.getAttribute(), new Date().toISOString()).text);
    expect(words.textContent).toBe('due in 13 min');
    expect(classes.has('bad')).toBe(false);

    element = make(new Date(Date.now() - 125 * MINUTE).toISOString());
    intervals[0]?.();
    expect(words.textContent).toBe('overdue by 2 h 5 min');
    expect(classes.has('bad')).toBe(true);
  });
});
