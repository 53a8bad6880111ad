import { describe, expect, test } from 'vitest';
import { createTestApp } from '../../support/app.ts';
import { ALL_TABLES, countRows } from '../../support/factories.ts';
import { call, pointersOf, rawCall } from './http.ts';

describe('request bodies', () => {
  test('answers 415 for a body not declared as JSON', async () => {
    const t = await createTestApp();
    const answer = await rawCall(t, 'POST', '/admin/v1/components', {
      headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'text/plain' },
      body: '{"name":"API"}',
    });
    expect(answer.status).toBe(415);
    expect(answer.headers.get('Content-Type')).toBe('application/problem+json');
    expect((await countRows(t.db, ['components'])).components).toBe(0);
  });

  test('accepts JSON with a charset parameter', async () => {
    const t = await createTestApp();
    const answer = await rawCall(t, 'POST', '/admin/v1/components', {
      headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json; charset=utf-8' },
      body: '{"name":"API"}',
    });
    expect(answer.status).toBe(201);
  });

  test('answers 413 for a body over 64 KB, declared or not', async () => {
    const t = await createTestApp();
    const body = JSON.stringify({ name: 'API', description: 'x'.repeat(70 * 1024) });
    const declared = await rawCall(t, 'POST', '/admin/v1/components', {
      headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' },
      body,
    });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    const chunked = await t.app.request('/admin/v1/components', {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await countRows(t.db, ['components'])).components).toBe(0);
  });

  test('answers 400 for a body that is not JSON', async () => {
    const t = await createTestApp();
    const answer = await rawCall(t, 'POST', '/admin/v1/components', {
      headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('/problems/invalid_request');
  });

  test('answers 400 naming each bad field, unknown fields included, and changes nothing', async () => {
    const t = await createTestApp();
    const before = await countRows(t.db, ALL_TABLES);
    const answer = await call(t, 'POST', '/admin/v1/components', {
      name: 'x'.repeat(101),
      description: 5,
      position: -1,
      status: 'broken',
      showcase: 'yes',
      start_date: '2026-13-01',
      colour: 'red',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      type: '/problems/validation_failed',
      status: 400,
      title: 'Validation failed',
    });
    expect(pointersOf(answer.body)).toEqual([
      '/colour',
      '/description',
      '/name',
      '/position',
      '/showcase',
      '/start_date',
      '/status',
    ]);
    expect(await countRows(t.db, ALL_TABLES)).toEqual(before);
    expect(t.changes.count).toBe(0);
  });

  test('refuses a body that is not an object, and an empty PATCH', async () => {
    const t = await createTestApp();
    expect((await call(t, 'POST', '/admin/v1/components', ['API'])).status).toBe(400);
    const { id } = (await call(t, 'POST', '/admin/v1/components', { name: 'API' })).body;
    const empty = await call(t, 'PATCH', `/admin/v1/components/${id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ pointer: '', detail: 'Give at least one field to change.' }]);
  });

  test('trims names and refuses a blank one', async () => {
    const t = await createTestApp();
    expect((await call(t, 'POST', '/admin/v1/components', { name: '  API  ' })).body.name).toBe('API');
    const blank = await call(t, 'POST', '/admin/v1/components', { name: '   ' });
    expect(pointersOf(blank.body)).toEqual(['/name']);
  });
});

test('an unknown admin path is a 404 problem', async () => {
  const t = await createTestApp();
  const answer = await call(t, 'GET', '/admin/v1/nothing-here');
  expect(answer.status).toBe(404);
  expect(answer.headers.get('Content-Type')).toBe('application/problem+json');
});
