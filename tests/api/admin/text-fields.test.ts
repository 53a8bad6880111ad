// Whatever the admin API accepts, the site must be able to publish: text that would break the
// build or the feeds is refused at the door, with a 400 naming the field, and nothing changes.
import { describe, expect, test } from 'vitest';
import { ensurePage } from '../../../api/services/page.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { ALL_TABLES, countRows } from '../../support/factories.ts';
import { call, pointersOf } from './http.ts';

const setUpPage = (t: TestApp) =>
  ensurePage(
    t.db,
    { name: 'Acme', url: 'https://status.acme.test', time_zone: 'UTC' },
    new Date().toISOString(),
  );

const openIncident = (t: TestApp, body: Record<string, unknown> = {}) =>
  call(t, 'POST', '/admin/v1/incidents', {
    name: 'Elevated errors',
    status: 'investigating',
    impact: 'major',
    message: 'We are investigating.',
    ...body,
  });

/** Sends the request and expects a 400 naming exactly `pointer`, with no row written. */
async function expectRefused(t: TestApp, method: string, path: string, body: unknown, pointer: string) {
  const before = await countRows(t.db, ALL_TABLES);
  const answer = await call(t, method, path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(answer.headers.get('Content-Type')).toContain('application/problem+json');
  expect(pointersOf(answer.body)).toEqual([pointer]);
  expect(await countRows(t.db, ALL_TABLES)).toEqual(before);
  return answer.body.errors[0].detail as string;
}

describe('markdown bodies the site could not render', () => {
  // Each of these made marked overflow the stack, so every later build failed.
  const tooDeep = {
    '1,900 ">"': '>'.repeat(1900),
    '3,400 "> "': '> '.repeat(3400),
    '5,000 "- > "': '- > '.repeat(5000),
    '9,999 "*", "a", 9,999 "*"': `${'*'.repeat(9999)}a${'*'.repeat(9999)}`,
  };

  test.each(Object.entries(tooDeep))('refuses a message of %s, naming /message', async (_, message) => {
    const t = await createTestApp();
    expect(
      await expectRefused(t, 'POST', '/admin/v1/incidents', openIncidentBody(message), '/message'),
    ).toMatch(/nest/i);
  });

  test('refuses a nesting deeper than 32 levels in an update and in a correction', async () => {
    const t = await createTestApp();
    const incident = (await openIncident(t)).body;
    const deep = `${'> '.repeat(33)}deep`;
    const path = `/admin/v1/incidents/${incident.id}/updates`;
    await expectRefused(t, 'POST', path, { status: 'identified', message: deep }, '/message');
    const update = incident.incident_updates[0].id;
    await expectRefused(t, 'PATCH', `${path}/${update}`, { message: deep }, '/message');
  });

  test('accepts nesting up to the bound, and ordinary long bodies', async () => {
    const t = await createTestApp();
    expect((await openIncident(t, { message: `${'> '.repeat(10)}quoted` })).status).toBe(201);
    const log = Array.from({ length: 400 }, (_, i) => `- step_${i}: *done* in \`${i} ms\``).join('\n');
    expect((await openIncident(t, { message: log })).status).toBe(201);
  });
});

function openIncidentBody(message: string) {
  return { name: 'Elevated errors', status: 'investigating', impact: 'major', message };
}

describe('characters the feeds cannot carry', () => {
  test('refuses the escape, vertical tab and U+FFFE that broke both feeds', async () => {
    const t = await createTestApp();
    await expectRefused(t, 'POST', '/admin/v1/incidents', openIncidentBody('vt \u000b \ufffe'), '/message');
    const detail = await expectRefused(
      t,
      'POST',
      '/admin/v1/incidents',
      { ...openIncidentBody('fine'), name: 'Ctl \u001b[1m' },
      '/name',
    );
    expect(detail).toContain('U+001B');
  });

  test('refuses a NUL, which would cut the name past the length and uniqueness rules', async () => {
    const t = await createTestApp();
    await expectRefused(t, 'POST', '/admin/v1/components', { name: '\u0000hidden' }, '/name');
    expect((await call(t, 'POST', '/admin/v1/components', { name: 'a' })).status).toBe(201);
    await expectRefused(t, 'POST', '/admin/v1/components', { name: 'a\u0000b' }, '/name');
  });

  test('refuses U+FFFF and unpaired surrogates in descriptions, group and page names', async () => {
    const t = await createTestApp();
    await setUpPage(t);
    await expectRefused(
      t,
      'POST',
      '/admin/v1/components',
      { name: 'API', description: 'x\uffff' },
      '/description',
    );
    await expectRefused(t, 'POST', '/admin/v1/component-groups', { name: 'Core \ud800' }, '/name');
    await expectRefused(t, 'PATCH', '/admin/v1/page', { name: 'Acme\u0007' }, '/name');
    await expectRefused(t, 'POST', '/admin/v1/tokens', { name: 'ci\u001f' }, '/name');
  });

  test('keeps tab, line breaks, emoji and right-to-left text', async () => {
    const t = await createTestApp();
    const answer = await openIncident(t, { name: 'שגיאות 🔥', message: 'a\tb\r\nc 👩‍💻' });
    expect(answer.status).toBe(201);
    expect(answer.body.name).toBe('שגיאות 🔥');
  });
});

describe('names nobody can see', () => {
  const invisible = {
    'zero-width spaces': '\u200b\u200b',
    'a byte-order mark and a word joiner': '\ufeff\u2060',
    'Hangul fillers': '\u3164\u115f',
    'a blank braille cell': '\u2800',
    'a zero-width space between no-break spaces': '\u00a0\u200b\u3000',
  };

  test.each(Object.entries(invisible))('refuses a component name of only %s', async (_, name) => {
    const t = await createTestApp();
    expect(await expectRefused(t, 'POST', '/admin/v1/components', { name }, '/name')).toMatch(/visible/);
  });

  test('refuses an invisible incident name, and accepts a visible one with a zero-width joiner', async () => {
    const t = await createTestApp();
    await expectRefused(
      t,
      'POST',
      '/admin/v1/incidents',
      { ...openIncidentBody('m'), name: '\u200d' },
      '/name',
    );
    expect((await openIncident(t, { name: 'Login 👨‍👩‍👧' })).status).toBe(201);
  });
});

describe('addresses and times that would mislead', () => {
  test('refuses a page url with user:pass@, which every feed would publish', async () => {
    const t = await createTestApp();
    await setUpPage(t);
    const url = 'https://ops:hunter2@status.example.com';
    expect(await expectRefused(t, 'PATCH', '/admin/v1/page', { url }, '/url')).toMatch(/user/);
    expect((await call(t, 'PATCH', '/admin/v1/page', { url: 'https://status.example.com' })).status).toBe(
      200,
    );
  });

  test('refuses an incident started before the year 2000', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-04-01T09:00:00.000Z') });
    await expectRefused(
      t,
      'POST',
      '/admin/v1/incidents',
      { ...openIncidentBody('m'), started_at: '0202-04-01T09:00:00Z' },
      '/started_at',
    );
    await expectRefused(
      t,
      'POST',
      '/admin/v1/incidents',
      { ...openIncidentBody('m'), started_at: '1999-12-31T23:59:59Z' },
      '/started_at',
    );
    const kept = await openIncident(t, { started_at: '2000-01-01T00:00:00Z' });
    expect(kept.status).toBe(201);
  });
});
