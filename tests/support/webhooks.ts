import type { Client } from '@libsql/client';
import { drainOutbox } from '../../api/outbox/drain.ts';
import { ensurePage } from '../../api/services/page.ts';
import { type CreateWebhookInput, createWebhook } from '../../api/services/webhooks.ts';
import { webhookHandlers } from '../../api/webhooks/handlers.ts';
import type { TargetPolicy } from '../../api/webhooks/target-guard.ts';
import { listOutboxEntries, type OutboxEntry } from '../../db/queries/outbox.ts';
import type { Webhook } from '../../db/queries/webhooks.ts';
import { createTestDatabase } from './database.ts';
import { testContext } from './factories.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

// A page, a receiver on 127.0.0.1 (so private targets are allowed, as CANDOR_ALLOW_PRIVATE_WEBHOOKS
// would), and a clock the test moves: the outbox is drained at the clock's time.

export const LOOPBACK_ALLOWED: TargetPolicy = { allowPrivate: true };

export interface WebhookWorld {
  db: Client;
  receiver: WebhookReceiver;
  clock: { now: Date; advance(ms: number): void };
  addWebhook(overrides?: Partial<CreateWebhookInput>): Promise<Webhook>;
  /** Drains every due entry (handlers of the webhook kinds only), like the scheduler does. */
  drain(options?: { policy?: TargetPolicy; timeoutMs?: number }): Promise<void>;
  entries(kind: string): Promise<OutboxEntry[]>;
}

export async function createWebhookWorld(): Promise<WebhookWorld> {
  const { db } = await createTestDatabase();
  const clock = {
    // Near the wall clock: receivers refuse signatures more than 5 minutes off their own time.
    now: new Date(Math.floor(Date.now() / 1000) * 1000),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  await ensurePage(
    db,
    { name: 'Acme <Status>', url: 'https://status.acme.test', time_zone: 'UTC' },
    clock.now.toISOString(),
  );
  const receiver = await startWebhookReceiver();
  return {
    db,
    receiver,
    clock,
    async addWebhook(overrides = {}) {
      const ctx = testContext({ now: clock.now.toISOString() });
      const input = { url: receiver.url, format: 'statuspage' as const, ...overrides };
      const { webhook, secret } = await createWebhook(db, input, ctx, LOOPBACK_ALLOWED);
      receiver.secret = secret;
      return webhook;
    },
    async drain(options = {}) {
      const settings = {
        policy: options.policy ?? LOOPBACK_ALLOWED,
        timeoutMs: options.timeoutMs,
        clock: () => clock.now,
      };
      // Twice: component.notify adds webhook.deliver entries that are due at once.
      for (let round = 0; round < 2; round += 1) {
        await drainOutbox(db, { handlers: webhookHandlers(db, settings), clock: () => clock.now });
      }
    },
    entries: async (kind) =>
      (await listOutboxEntries(db, { limit: 500 })).filter((entry) => entry.kind === kind),
  };
}
