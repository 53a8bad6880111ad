import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../db/hash.ts';
import { createTestApp } from '../support/app.ts';
import { makeComponent, makeGroup } from '../support/factories.ts';
import { confirmationEntries, postForm, stateOf, subscribeJson, testClock } from '../support/subscribers.ts';

const HOUR = 60 * 60 * 1000;

describe('POST /api/subscribe', () => {
  it('records a pending subscriber and enqueues one confirmation email with a hashed 256-bit token', async () => {
    const t = await createTestApp();
    const response = await subscribeJson(t, { email: ' Ada@Example.COM ', min_impact: 'major' });
    expect(response.status).toBe(202);
    expect(await stateOf(t.db, 'ada@example.com')).toBe('pending');
    const [entry, ...others] = await confirmationEntries(t.db);
    expect(others).toEqual([]);
    expect(entry?.subscriber_id).toMatch(/^sub_/);
    expect(entry?.token.length).toBeGreaterThanOrEqual(43);
    const stored = await t.db.execute('SELECT confirm_token_hash, min_impact FROM subscribers');
    expect(stored.rows[0]?.confirm_token_hash).toBe(await sha256Hex(entry?.token ?? ''));
    expect(stored.rows[0]?.min_impact).toBe('major');
  });

  it('answers identically whether the address is new, pending, active or unsubscribed', async () => {
    const t = await createTestApp();
    await subscribeJson(t, { email: 'pending@example.com' });
    await subscribeJson(t, { email: 'active@example.com' });
    await t.db.execute("UPDATE subscribers SET state = 'active' WHERE email = 'active@example.com'");
    await subscribeJson(t, { email: 'gone@example.com' });
    await t.db.execute("UPDATE subscribers SET state = 'unsubscribed' WHERE email = 'gone@example.com'");
    const answers = [];
    for (const email of [
      'new@example.com',
      'pending@example.com',
      'active@example.com',
      'gone@example.com',
    ]) {
      const response = await subscribeJson(t, { email });
      answers.push({
        status: response.status,
        type: response.headers.get('Content-Type'),
        body: await response.text(),
      });
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]?.status).toBe(202);
  });

  it('re-sends a confirmation at most once, and only after an hour', async () => {
    const clock = testClock();
    const t = await createTestApp({ clock: clock.clock });
    await subscribeJson(t, { email: 'ada@example.com' });
    await subscribeJson(t, { email: 'ada@example.com' });
    expect(await confirmationEntries(t.db)).toHaveLength(1);
    clock.advance(HOUR);
    await subscribeJson(t, { email: 'ada@example.com' });
    expect(await confirmationEntries(t.db)).toHaveLength(2);
    clock.advance(2 * HOUR);
    await subscribeJson(t, { email: 'ada@example.com' });
    expect(await confirmationEntries(t.db)).toHaveLength(2);
  });

  it('sends nothing when an active address subscribes again, even hours later', async () => {
    const clock = testClock();
    const t = await createTestApp({ clock: clock.clock });
    await subscribeJson(t, { email: 'ada@example.com' });
    await t.db.execute("UPDATE subscribers SET state = 'active'");
    clock.advance(3 * HOUR);
    await subscribeJson(t, { email: 'ada@example.com', min_impact: 'critical' });
    expect(await confirmationEntries(t.db)).toHaveLength(1);
    const row = await t.db.execute('SELECT min_impact FROM subscribers');
    expect(row.rows[0]?.min_impact).toBe('none');
  });

  it('stores component and group targets, and refuses unknown ones naming the field', async () => {
    const t = await createTestApp();
    const group = await makeGroup(t.db);
    const component = await makeComponent(t.db);
    expect(
      (await subscribeJson(t, { email: 'a@example.com', components: [group.id, component.id] })).status,
    ).toBe(202);
    const targets = await t.db.execute('SELECT count(*) AS n FROM subscriber_targets');
    expect(Number(targets.rows[0]?.n)).toBe(2);
    const bad = await subscribeJson(t, { email: 'b@example.com', components: [component.id, 'cmp_nothere'] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('Content-Type')).toBe('application/problem+json');
    expect((await bad.json()).errors).toEqual([{ pointer: '/components/1', detail: expect.any(String) }]);
    expect(await stateOf(t.db, 'b@example.com')).toBeNull();
  });

  it('refuses a malformed address or threshold with a problem naming the field', async () => {
    const t = await createTestApp();
    const response = await subscribeJson(t, { email: 'not an address', min_impact: 'apocalyptic' });
    expect(response.status).toBe(400);
    const pointers = (await response.json()).errors.map((error: { pointer: string }) => error.pointer).sort();
    expect(pointers).toEqual(['/email', '/min_impact']);
    expect(await confirmationEntries(t.db)).toEqual([]);
  });

  it('answers a form post with a check-your-inbox page and collects repeated components', async () => {
    const t = await createTestApp();
    const a = await makeComponent(t.db);
    const b = await makeComponent(t.db);
    const response = await postForm(t, '/api/subscribe', [
      ['email', 'form@example.com'],
      ['components', a.id],
      ['components', b.id],
      ['min_impact', 'minor'],
    ]);
    expect(response.status).toBe(202);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('Check your inbox');
    const targets = await t.db.execute('SELECT component_id FROM subscriber_targets ORDER BY component_id');
    expect(targets.rows.map((row) => row.component_id)).toEqual([a.id, b.id].sort());
  });

  it('shows a form its validation errors as an HTML page, escaped', async () => {
    const t = await createTestApp();
    const response = await postForm(t, '/api/subscribe', [['email', '<script>x</script>']]);
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('email');
    expect(body).not.toContain('<script>');
  });

  it('grants CORS to the status page origin only', async () => {
    const t = await createTestApp();
    await t.db.execute("UPDATE page SET url = 'https://status.example.com/'");
    await t.db.execute(
      "INSERT INTO page (id, name, url, time_zone, created_at, updated_at) SELECT 'page_x', 'S', 'https://status.example.com/', 'UTC', 'x', 'x' WHERE NOT EXISTS (SELECT 1 FROM page)",
    );
    const own = await subscribeJson(t, { email: 'a@example.com' }, { Origin: 'https://status.example.com' });
    expect(own.headers.get('Access-Control-Allow-Origin')).toBe('https://status.example.com');
    const other = await subscribeJson(t, { email: 'b@example.com' }, { Origin: 'https://evil.example' });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const preflight = await t.app.request('/api/subscribe', {
      method: 'OPTIONS',
      headers: { Origin: 'https://status.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('https://status.example.com');
  });
});

describe('subscribe rate limits', () => {
  it('answers a burst of 40 from one address with 30 accepted and 429 problems with Retry-After', async () => {
    const t = await createTestApp();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 40; i += 1) {
      const response = await subscribeJson(
        t,
        { email: `burst${i}@example.com` },
        { 'CF-Connecting-IP': '203.0.113.7' },
      );
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }
    expect(statuses.filter((status) => status === 202)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    expect(limited?.headers.get('Content-Type')).toBe('application/problem+json');
    expect(Number(limited?.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await confirmationEntries(t.db)).toHaveLength(30);
    const other = await subscribeJson(
      t,
      { email: 'other@example.com' },
      { 'CF-Connecting-IP': '203.0.113.8' },
    );
    expect(other.status).toBe(202);
  });

  it('opens the window again once it has passed', async () => {
    const clock = testClock();
    const t = await createTestApp({ clock: clock.clock });
    for (let i = 0; i < 31; i += 1)
      await subscribeJson(t, { email: `w${i}@example.com` }, { 'CF-Connecting-IP': '203.0.113.9' });
    clock.advance(61_000);
    expect(
      (await subscribeJson(t, { email: 'later@example.com' }, { 'CF-Connecting-IP': '203.0.113.9' })).status,
    ).toBe(202);
  });

  it('limits requests for one address from many clients', async () => {
    const t = await createTestApp();
    const statuses = [];
    for (let i = 0; i < 7; i += 1)
      statuses.push((await subscribeJson(t, { email: 'target@example.com' })).status);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
