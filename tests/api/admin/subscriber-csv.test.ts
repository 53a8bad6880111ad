import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../api/subscribers/csv.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { makeComponent, makeGroup } from '../../support/factories.ts';
import { confirmationEntries } from '../../support/subscribers.ts';
import { call } from './http.ts';

const importCsv = (t: TestApp, csv: string) =>
  t.app.request('/admin/v1/subscribers/import', {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'text/csv' },
    body: csv,
  });

describe('subscriber CSV import and export', () => {
  it('imports Statuspage template rows by component name, skipping confirmation when told', async () => {
    const t = await createTestApp();
    const api = await makeComponent(t.db, { name: 'API' });
    const web = await makeGroup(t.db, { name: 'Web, EU' });
    const csv = [
      'email,vouched@example.com,yes,API',
      'email,asked@example.com,no,"API;Web, EU"',
      'sms,5551234567,US,yes',
      'email,whole@example.com,yes,',
    ].join('\r\n');
    const response = await importCsv(t, csv);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ created: 3, updated: 0 });
    const list = (await call(t, 'GET', '/admin/v1/subscribers')).body as {
      email: string;
      state: string;
      components: string[] | null;
    }[];
    const byEmail = Object.fromEntries(list.map((s) => [s.email, s]));
    expect(byEmail['vouched@example.com']).toMatchObject({ state: 'active', components: [api.id] });
    expect(byEmail['asked@example.com']).toMatchObject({
      state: 'pending',
      components: [api.id, web.id].sort(),
    });
    expect(byEmail['whole@example.com']).toMatchObject({ state: 'active', components: null });
    expect(await confirmationEntries(t.db)).toHaveLength(1);
  });

  it('reads a header row in any order and overwrites known addresses, audited', async () => {
    const t = await createTestApp();
    await call(t, 'POST', '/admin/v1/subscribers', { email: 'known@example.com', skip_confirmation: true });
    const response = await importCsv(t, 'min_impact,email\nmajor,known@example.com\nnone,new@example.com\n');
    expect(await response.json()).toEqual({ created: 1, updated: 1 });
    const known = (await call(t, 'GET', '/admin/v1/subscribers?email=known')).body[0];
    expect(known.min_impact).toBe('major');
    const audit = await call(t, 'GET', '/admin/v1/audit-log?resource_type=subscriber');
    expect(audit.body.map((entry: { action: string }) => entry.action)).toContain('subscriber.update');
  });

  it('imports nothing when a row is invalid, naming each bad cell', async () => {
    const t = await createTestApp();
    const response = await importCsv(t, 'email,good@example.com,yes,\nemail,not-an-address,yes,Nope\n');
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/rows/2/email',
      '/rows/2/components',
    ]);
    expect((await call(t, 'GET', '/admin/v1/subscribers')).body).toEqual([]);
  });

  it('exports every subscriber with formulas defused, and the export imports back', async () => {
    const t = await createTestApp();
    const component = await makeComponent(t.db);
    await call(t, 'POST', '/admin/v1/subscribers', {
      email: '+cmd@example.com',
      components: [component.id],
      skip_confirmation: true,
    });
    const exported = await t.app.request('/admin/v1/subscribers.csv', {
      headers: { Authorization: `Bearer ${t.token}` },
    });
    expect(exported.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await exported.text());
    expect(rows[0]).toEqual([
      'type',
      'email',
      'state',
      'components',
      'min_impact',
      'created_at',
      'confirmed_at',
    ]);
    expect(rows[1]?.slice(0, 4)).toEqual(['email', "'+cmd@example.com", 'active', component.id]);

    const other = await createTestApp();
    await other.db.execute({
      sql: "INSERT INTO components (id, name, position, status, created_at, updated_at) VALUES (:id, 'C', 0, 'operational', 'x', 'x')",
      args: { id: component.id },
    });
    const csv = `email,components\nsomeone@example.com,${component.id}\n`;
    expect((await importCsv(other, csv)).status).toBe(200);
  });

  it('refuses a body that is not text/csv', async () => {
    const t = await createTestApp();
    expect((await call(t, 'POST', '/admin/v1/subscribers/import', { email: 'x' })).status).toBe(415);
  });
});
