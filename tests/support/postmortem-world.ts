// One world per post-mortem test: the real app and outbox handlers over a fresh database, a fake
// Resend, a moved clock, subscribers and a webhook, and the real site build.
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { createApp } from '../../api/app.ts';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { outboxHandlers } from '../../api/jobs/scheduled.ts';
import { resendMailer } from '../../api/mail/resend-mailer.ts';
import { drainOutbox } from '../../api/outbox/drain.ts';
import { ensurePage } from '../../api/services/page.ts';
import { sha256Hex } from '../../db/hash.ts';
import { newId } from '../../db/ids.ts';
import { listOutboxEntries, type OutboxEntry } from '../../db/queries/outbox.ts';
import { insertSubscriberStatement } from '../../db/queries/subscriber-writes.ts';
import { replaceTargetsStatements } from '../../db/queries/subscribers.ts';
import { insertWebhook } from '../../db/queries/webhooks.ts';
import { createTestDatabase } from './database.ts';
import { type FakeResend, startFakeResend } from './fake-resend.ts';
import { LOOPBACK_ALLOWED } from './webhooks.ts';

export const PAGE_URL = 'https://status.acme.test';

export interface PostmortemWorld {
  db: Client;
  url: string;
  dir: string;
  resend: FakeResend;
  clock: { now: Date; advance(ms: number): void };
  /** A JSON request with an admin token; answers status and parsed body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers field by field.
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** A public request (no token). */
  get(path: string): Promise<Response>;
  addSubscriber(email: string, targets: string[] | null): Promise<string>;
  /** A statuspage-format webhook to `url`; answers its signing secret. */
  addWebhook(url: string, components: string[]): Promise<string>;
  drain(): Promise<void>;
  entries(kind: string): Promise<OutboxEntry[]>;
  /** Builds the site into <dir>/out and returns that folder. */
  build(): Promise<string>;
}

export async function createPostmortemWorld(): Promise<PostmortemWorld> {
  const { db, url, dir } = await createTestDatabase();
  const clock = {
    now: new Date('2026-11-30T12:00:00.000Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  await ensurePage(db, { name: 'Acme Status', url: PAGE_URL, time_zone: 'UTC' }, clock.now.toISOString());
  const token = `test-${crypto.randomUUID()}`;
  const app = createApp({
    database: () => db,
    bootstrapTokenHash: await sha256Hex(token),
    clock: () => clock.now,
  });
  const resend = await startFakeResend();
  const mailer = resendMailer({
    apiKey: 're_test',
    baseUrl: resend.url,
    from: 'status@acme.test',
    clock: () => clock.now,
  });
  const handlers = outboxHandlers(db, {
    mail: { mailer, linkOrigin: 'https://api.acme.test', clock: () => clock.now },
    webhooks: { policy: LOOPBACK_ALLOWED, clock: () => clock.now },
  });
  const world: PostmortemWorld = {
    db,
    url,
    dir,
    resend,
    clock,
    async admin(method, path, body) {
      const response = await app.request(`/admin/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    get: async (path) => app.request(path),
    async addSubscriber(email, targets) {
      const id = newId('sub');
      const row = {
        id,
        email,
        state: 'active',
        minImpact: 'none',
        confirmTokenHash: null,
        confirmExpiresAt: null,
        now: clock.now.toISOString(),
      } as const;
      await db.batch([insertSubscriberStatement(row), ...replaceTargetsStatements(id, targets)], 'write');
      return id;
    },
    async addWebhook(hookUrl, components) {
      const secret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64')}`;
      const row = {
        id: newId('whk'),
        url: hookUrl,
        format: 'statuspage',
        components,
        minImpact: 'none',
      } as const;
      await db.execute(insertWebhook({ ...row, secret, now: clock.now.toISOString() }));
      return secret;
    },
    async drain() {
      for (let round = 0; round < 10; round += 1) {
        const run = await drainOutbox(db, { handlers, clock: () => clock.now, limit: 500 });
        if (run.sent === 0 && run.failed === 0) break;
      }
    },
    entries: async (kind) =>
      (await listOutboxEntries(db, { limit: 1000 })).filter((entry) => entry.kind === kind),
    async build() {
      const out = join(dir, 'out');
      await runAstroBuild({
        databaseUrl: url,
        outDir: out,
        cacheDir: join(dir, 'cache'),
        apiOrigin: 'https://api.acme.test',
      });
      return out;
    },
  };
  return world;
}
