// Publishing a static-hosted site: the deploy hook call itself, and the scheduled safety net that
// publishes after changes and at the start of each day, never more than needed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScheduledJobs } from '../../api/jobs/scheduled.ts';
import { deployHookSender, SITE_PUBLISH } from '../../api/outbox/deploy-hook.ts';
import { PermanentDeliveryError } from '../../api/outbox/drain.ts';
import { requestSitePublish } from '../../api/outbox/site-publish.ts';
import { listOutboxEntries, type OutboxEntry } from '../../db/queries/outbox.ts';
import { createTestApp } from '../support/app.ts';
import { type HookServer, startHookServer } from '../support/hook-server.ts';

let hook: HookServer;
beforeEach(async () => {
  hook = await startHookServer();
});
afterEach(async () => {
  await hook.close();
});

const entry = (id: string): OutboxEntry =>
  ({ id, kind: SITE_PUBLISH, payload: {}, attempts: 0 }) as unknown as OutboxEntry;

describe('deployHookSender', () => {
  it('POSTs a dispatch body with the entry id as idempotency key, and the token when set', async () => {
    await deployHookSender({ url: hook.url, token: 'gh-secret' })(entry('obx_one'));
    await deployHookSender({ url: hook.url })(entry('obx_two'));
    const [withToken, without] = hook.requests;
    expect(withToken?.method).toBe('POST');
    expect(withToken?.headers.authorization).toBe('Bearer gh-secret');
    expect(withToken?.headers['idempotency-key']).toBe('obx_one');
    expect(withToken?.headers['user-agent']).toMatch(/Candor/);
    expect(JSON.parse(withToken?.body ?? '')).toEqual({
      event_type: 'candor-site-publish',
      client_payload: { outbox_id: 'obx_one' },
    });
    expect(without?.headers.authorization).toBeUndefined();
  });

  it('treats a refused hook as permanent and an unavailable one as passing', async () => {
    const send = deployHookSender({ url: hook.url });
    hook.answerWith(404, 401, 503, 429);
    await expect(send(entry('obx_a'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(send(entry('obx_b'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    for (const id of ['obx_c', 'obx_d']) {
      const failure = await send(entry(id)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(PermanentDeliveryError);
    }
  });
});

describe('runScheduledJobs with a deploy hook', () => {
  async function setup() {
    let now = new Date('2026-11-23T10:00:00.000Z');
    const clock = () => now;
    const t = await createTestApp({ clock });
    const settings = { deployHook: { url: hook.url } };
    return {
      t,
      at(iso: string) {
        now = new Date(iso);
      },
      run: () => runScheduledJobs(t.db, settings, clock),
      publishes: async () =>
        (await listOutboxEntries(t.db, { limit: 100 })).filter((e) => e.kind === SITE_PUBLISH),
    };
  }

  it('does nothing on an unchanged, never-written database', async () => {
    const { run } = await setup();
    expect(await run()).toMatchObject({ publishRequested: false, sent: 0 });
    expect(hook.requests).toHaveLength(0);
  });

  it('publishes once after a change, again after the next change, and when the day turns', async () => {
    const { t, at, run, publishes } = await setup();
    expect((await t.admin('POST', '/admin/v1/components', { name: 'API' })).status).toBe(201);
    expect(await run()).toMatchObject({ publishRequested: true, sent: 1 });
    expect(await run()).toMatchObject({ publishRequested: false, sent: 0 });
    expect(hook.requests).toHaveLength(1);

    at('2026-11-23T10:05:00.000Z');
    await t.admin('POST', '/admin/v1/components', { name: 'Web' });
    at('2026-11-23T10:06:00.000Z');
    expect(await run()).toMatchObject({ publishRequested: true, sent: 1 });
    at('2026-11-23T23:59:00.000Z');
    expect(await run()).toMatchObject({ publishRequested: false });
    at('2026-11-24T00:01:00.000Z');
    expect(await run()).toMatchObject({ publishRequested: true, sent: 1 });
    expect(hook.requests).toHaveLength(3);
    expect((await publishes()).map((e) => e.state)).toEqual(['sent', 'sent', 'sent']);
  });

  it('joins a publish already waiting instead of queueing a second', async () => {
    const { t, run, publishes } = await setup();
    await t.admin('POST', '/admin/v1/components', { name: 'API' });
    expect(await requestSitePublish(t.db, new Date('2026-11-23T10:00:00.000Z'), 60_000)).toBe(true);
    expect(await requestSitePublish(t.db, new Date('2026-11-23T10:00:01.000Z'), 60_000)).toBe(false);
    expect(await run()).toMatchObject({ publishRequested: false, sent: 0 });
    expect(await publishes()).toHaveLength(1);
  });

  it('gives up on a hook that refuses, until the next change', async () => {
    const { t, at, run, publishes } = await setup();
    await t.admin('POST', '/admin/v1/components', { name: 'API' });
    hook.answerWith(404);
    expect(await run()).toMatchObject({ publishRequested: true, sent: 0, failed: 1 });
    at('2026-11-23T10:30:00.000Z');
    expect(await run()).toMatchObject({ publishRequested: false, sent: 0, failed: 0 });
    expect((await publishes()).map((e) => e.state)).toEqual(['dead']);

    at('2026-11-23T10:31:00.000Z');
    await t.admin('POST', '/admin/v1/components', { name: 'Web' });
    at('2026-11-23T10:32:00.000Z');
    expect(await run()).toMatchObject({ publishRequested: true, sent: 1 });
    expect(hook.requests).toHaveLength(2);
  });
});
