import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { readForm } from '../../../api/console/form.ts';

// A message typed in the console is stored as the API stores it: with LF line breaks.
describe('readForm', () => {
  const app = new Hono().post('/', async (c) => c.json((await readForm(c)).get('message')));

  it('turns the CRLF a browser sends for textarea line breaks into LF', async () => {
    const answer = await app.request('/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ message: 'First line\r\nSecond\rThird' }).toString(),
    });
    expect(await answer.json()).toBe('First line\nSecond\nThird');
  });

  it('does the same for a multipart form', async () => {
    const body = new FormData();
    body.set('message', 'a\r\nb');
    expect(await (await app.request('/', { method: 'POST', body })).json()).toBe('a\nb');
  });
});
