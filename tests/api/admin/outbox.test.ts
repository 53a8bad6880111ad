import { expect, it } from 'vitest';
import { drainOutbox, PermanentDeliveryError } from '../../../api/outbox/drain.ts';
import { enqueueOutboxEntry } from '../../../db/queries/outbox.ts';
import { createTestApp } from '../../support/app.ts';
import { confirmationEntries, subscribeJson } from '../../support/subscribers.ts';
import { call, pointersOf } from './http.ts';

it('lists outbox entries newest first, by state, with why a dead one was given up', async () => {
  const t = await createTestApp();
  const at = (minute: number) => `2026-11-23T10:0${minute}:00.000Z`;
  await enqueueOutboxEntry(t.db, { kind: 'site.publish', dedupeKey: 'a', availableAt: at(0), now: at(0) });
  await enqueueOutboxEntry(t.db, { kind: 'test.refused', dedupeKey: 'b', availableAt: at(1), now: at(1) });
  await drainOutbox(t.db, {
    handlers: {
      'site.publish': async () => undefined,
      'test.refused': async () => {
        throw new PermanentDeliveryError('deploy hook answered 404');
      },
    },
    clock: () => new Date(at(2)),
  });

  const all = await call(t, 'GET', '/admin/v1/outbox');
  expect(all.status).toBe(200);
  expect(all.body.map((e: { dedupe_key: string; state: string }) => [e.dedupe_key, e.state])).toEqual([
    ['b', 'dead'],
    ['a', 'sent'],
  ]);
  const dead = await call(t, 'GET', '/admin/v1/outbox?state=dead');
  expect(dead.body).toHaveLength(1);
  expect(dead.body[0]).toMatchObject({
    kind: 'test.refused',
    attempts: 1,
    last_error: 'deploy hook answered 404',
  });

  const bad = await call(t, 'GET', '/admin/v1/outbox?state=lost');
  expect(bad.status).toBe(400);
  expect(pointersOf(bad.body)).toContain('/state');
  const anonymous = await t.app.request('/admin/v1/outbox');
  expect(anonymous.status).toBe(401);
});

it('never shows the raw confirmation token of a subscriber.confirmation entry waiting to be sent', async () => {
  const t = await createTestApp();
  expect((await subscribeJson(t, { email: 'reader@example.com' })).status).toBe(202);
  const [stored] = await confirmationEntries(t.db);
  expect(stored?.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  const listed = await call(t, 'GET', '/admin/v1/outbox?state=pending');
  const entry = listed.body.find((e: { kind: string }) => e.kind === 'subscriber.confirmation');
  expect(entry.payload).toEqual({ subscriber_id: stored?.subscriber_id, token: 'redacted' });
  expect(JSON.stringify(listed.body)).not.toContain(stored?.token);
});
