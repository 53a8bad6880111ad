import { describe, expect, test } from 'vitest';
import { ensurePage } from '../../../api/services/page.ts';
import { createTestApp } from '../../support/app.ts';
import { call, pointersOf } from './http.ts';

const defaults = { name: 'Acme Status', url: 'https://status.acme.test', time_zone: 'UTC' };

describe('page settings', () => {
  test('answers 404 until the page exists', async () => {
    const t = await createTestApp();
    expect((await call(t, 'GET', '/admin/v1/page')).status).toBe(404);
    expect((await call(t, 'PATCH', '/admin/v1/page', { name: 'X' })).status).toBe(404);
  });

  test('reads and changes the page', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-07-01T00:00:00.000Z') });
    const page = await ensurePage(t.db, defaults, '2026-06-01T00:00:00.000Z');
    expect((await call(t, 'GET', '/admin/v1/page')).body).toEqual(page);
    const changed = await call(t, 'PATCH', '/admin/v1/page', { name: 'Acme', time_zone: 'Europe/Paris' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      ...page,
      name: 'Acme',
      time_zone: 'Europe/Paris',
      updated_at: '2026-07-01T00:00:00.000Z',
    });
    const [entry] = (await call(t, 'GET', '/admin/v1/audit-log?resource_type=page')).body;
    expect(entry).toMatchObject({
      action: 'page.update',
      before: null,
      after: null,
      changes: {
        '/name': { before: page.name, after: 'Acme' },
        '/time_zone': { before: page.time_zone, after: 'Europe/Paris' },
        '/updated_at': { before: page.updated_at, after: '2026-07-01T00:00:00.000Z' },
      },
    });
    expect(Object.keys(entry.changes)).toHaveLength(3);
  });

  test('refuses an unknown time zone and a non-http url', async () => {
    const t = await createTestApp();
    await ensurePage(t.db, defaults, '2026-06-01T00:00:00.000Z');
    const refused = await call(t, 'PATCH', '/admin/v1/page', {
      url: 'javascript:alert(1)',
      time_zone: 'Mars/Olympus',
    });
    expect(refused.status).toBe(400);
    expect(pointersOf(refused.body)).toEqual(['/time_zone', '/url']);
    expect((await call(t, 'GET', '/admin/v1/page')).body.url).toBe(defaults.url);
  });

  test('sets, audits and clears the logo, product and support links', async () => {
    const t = await createTestApp({ clock: () => new Date('2026-07-01T00:00:00.000Z') });
    await ensurePage(t.db, defaults, '2026-06-01T00:00:00.000Z');
    const links = {
      logo_url: 'https://cdn.acme.test/logo.svg',
      product_url: 'https://acme.test/',
      support_url: 'mailto:help@acme.test',
    };
    const changed = await call(t, 'PATCH', '/admin/v1/page', links);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject(links);
    const [entry] = (await call(t, 'GET', '/admin/v1/audit-log?resource_type=page')).body;
    expect(entry.changes['/logo_url']).toEqual({ before: null, after: links.logo_url });
    expect(entry.changes['/support_url']).toEqual({ before: null, after: links.support_url });
    const cleared = await call(t, 'PATCH', '/admin/v1/page', { logo_url: null });
    expect(cleared.body).toMatchObject({ ...links, logo_url: null });
  });

  test('refuses links that are not absolute addresses of the allowed kinds, naming each field', async () => {
    const t = await createTestApp();
    await ensurePage(t.db, defaults, '2026-06-01T00:00:00.000Z');
    const refused = await call(t, 'PATCH', '/admin/v1/page', {
      logo_url: 'http://cdn.acme.test/logo.png',
      product_url: 'javascript:alert(1)',
      support_url: 'https://user:pass@acme.test/help\u0007',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect([...new Set(pointersOf(refused.body))]).toEqual(['/logo_url', '/product_url', '/support_url']);
    expect((await call(t, 'GET', '/admin/v1/page')).body).toMatchObject({
      logo_url: null,
      product_url: null,
      support_url: null,
    });
    const control = await call(t, 'PATCH', '/admin/v1/page', { support_url: 'https://acme.test/\u0000' });
    expect([...new Set(pointersOf(control.body))]).toEqual(['/support_url']);
  });
});
