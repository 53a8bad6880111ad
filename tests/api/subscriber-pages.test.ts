import { describe, expect, it } from 'vitest';
import { subscriberLinks } from '../../api/subscribers/links.ts';
import { listOutboxEntries } from '../../db/queries/outbox.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { makeComponent } from '../support/factories.ts';
import { confirmationEntries, postForm, stateOf, subscribeJson, testClock } from '../support/subscribers.ts';

const DAY = 24 * 60 * 60 * 1000;

async function pendingToken(t: TestApp, email = 'ada@example.com') {
  await subscribeJson(t, { email });
  const entry = (await confirmationEntries(t.db)).at(-1);
  if (!entry) throw new Error('no confirmation entry');
  return entry;
}

async function activeSubscriber(t: TestApp, email = 'ada@example.com') {
  const { token, subscriber_id } = await pendingToken(t, email);
  await postForm(t, '/subscribe/confirm', [['token', token]]);
  const links = await subscriberLinks(t.db, subscriber_id, 'http://localhost');
  const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
  return { id: subscriber_id, manage: tokenOf(links.manage), unsubscribe: tokenOf(links.unsubscribe) };
}

describe('/subscribe/confirm', () => {
  it('shows a Confirm button on GET without confirming (link scanners)', async () => {
    const t = await createTestApp();
    const { token } = await pendingToken(t);
    const response = await t.app.request(`/subscribe/confirm?token=${encodeURIComponent(token)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = await response.text();
    expect(body).toContain('<form method="post" action="/subscribe/confirm"');
    expect(await stateOf(t.db, 'ada@example.com')).toBe('pending');
  });

  it('confirms on POST once: the token is single-use and redacted from the outbox', async () => {
    const t = await createTestApp();
    const { token } = await pendingToken(t);
    const first = await postForm(t, '/subscribe/confirm', [['token', token]]);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('/subscribe/manage?token=');
    expect(await stateOf(t.db, 'ada@example.com')).toBe('active');
    expect((await postForm(t, '/subscribe/confirm', [['token', token]])).status).toBe(404);
    const payloads = (await listOutboxEntries(t.db, { limit: 10 })).map((entry) =>
      JSON.stringify(entry.payload),
    );
    expect(payloads.join()).not.toContain(token);
  });

  it('refuses a token after 7 days', async () => {
    const clock = testClock();
    const t = await createTestApp({ clock: clock.clock });
    const { token } = await pendingToken(t);
    clock.advance(7 * DAY + 1);
    expect((await t.app.request(`/subscribe/confirm?token=${token}`)).status).toBe(404);
    expect((await postForm(t, '/subscribe/confirm', [['token', token]])).status).toBe(404);
    expect(await stateOf(t.db, 'ada@example.com')).toBe('pending');
  });

  it('refuses an unknown token', async () => {
    const t = await createTestApp();
    expect((await postForm(t, '/subscribe/confirm', [['token', 'x'.repeat(43)]])).status).toBe(404);
  });
});

describe('/unsubscribe', () => {
  it('unsubscribes at once on an RFC 8058 one-click POST', async () => {
    const t = await createTestApp();
    const sub = await activeSubscriber(t);
    const response = await postForm(t, `/unsubscribe?token=${encodeURIComponent(sub.unsubscribe)}`, [
      ['List-Unsubscribe', 'One-Click'],
    ]);
    expect(response.status).toBe(200);
    expect(await stateOf(t.db, 'ada@example.com')).toBe('unsubscribed');
    expect(await confirmationEntries(t.db)).toHaveLength(1);
  });

  it('accepts the one-click POST as multipart/form-data', async () => {
    const t = await createTestApp();
    const sub = await activeSubscriber(t);
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const response = await t.app.request(`/unsubscribe?token=${encodeURIComponent(sub.unsubscribe)}`, {
      method: 'POST',
      body: form,
    });
    expect(response.status).toBe(200);
    expect(await stateOf(t.db, 'ada@example.com')).toBe('unsubscribed');
  });

  it('only shows a page on GET', async () => {
    const t = await createTestApp();
    const sub = await activeSubscriber(t);
    const response = await t.app.request(`/unsubscribe?token=${encodeURIComponent(sub.unsubscribe)}`);
    expect(await response.text()).toContain('action="/unsubscribe"');
    expect(await stateOf(t.db, 'ada@example.com')).toBe('active');
  });

  it('refuses a forged token and changes nothing', async () => {
    const t = await createTestApp();
    const sub = await activeSubscriber(t);
    const forged = `${sub.unsubscribe.slice(0, -4)}AAAA`;
    const response = await postForm(t, `/unsubscribe?token=${encodeURIComponent(forged)}`, [
      ['List-Unsubscribe', 'One-Click'],
    ]);
    expect(response.status).toBe(404);
    expect(await stateOf(t.db, 'ada@example.com')).toBe('active');
  });
});

describe('/subscribe/manage', () => {
  it('changes components and threshold of an active subscriber', async () => {
    const t = await createTestApp();
    const component = await makeComponent(t.db, { name: 'API <b>' });
    const sub = await activeSubscriber(t);
    const page = await t.app.request(`/subscribe/manage?token=${encodeURIComponent(sub.manage)}`);
    const html = await page.text();
    expect(html).toContain('API &lt;b&gt;');
    expect(html).toContain(`value="${component.id}"`);
    const saved = await postForm(t, '/subscribe/manage', [
      ['token', sub.manage],
      ['components', component.id],
      ['min_impact', 'major'],
    ]);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved.');
    const row = await t.db.execute('SELECT whole_page, min_impact FROM subscribers');
    expect(row.rows[0]).toMatchObject({ whole_page: 0, min_impact: 'major' });
  });

  it('refuses an unsubscribe token on the manage page', async () => {
    const t = await createTestApp();
    const sub = await activeSubscriber(t);
    expect(
      (await t.app.request(`/subscribe/manage?token=${encodeURIComponent(sub.unsubscribe)}`)).status,
    ).toBe(404);
  });

  it('refuses an unknown component with an HTML problem and changes nothing', async () => {
    const t = await createTestApp();
    const sub = await activeSubscriber(t);
    const response = await postForm(t, '/subscribe/manage', [
      ['token', sub.manage],
      ['components', 'cmp_nothere'],
    ]);
    expect(response.status).toBe(400);
    const row = await t.db.execute('SELECT whole_page FROM subscribers');
    expect(row.rows[0]?.whole_page).toBe(1);
  });
});
