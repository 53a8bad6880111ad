// A database with a page and subscribers, a fake Resend server and the real outbox handlers: the
// mail path end to end, one world per test.
import type { Client } from '@libsql/client';
import { outboxHandlers } from '../../api/jobs/scheduled.ts';
import type { Mailer } from '../../api/mail/mailer.ts';
import { resendMailer } from '../../api/mail/resend-mailer.ts';
import { drainOutbox, type OutboxHandler } from '../../api/outbox/drain.ts';
import { ensurePage } from '../../api/services/page.ts';
import { newId } from '../../db/ids.ts';
import { listOutboxEntries, type OutboxEntry } from '../../db/queries/outbox.ts';
import { insertSubscriberStatement } from '../../db/queries/subscriber-writes.ts';
import { replaceTargetsStatements } from '../../db/queries/subscribers.ts';
import type { IncidentImpact } from '../../db/types.ts';
import { createTestDatabase } from './database.ts';
import { type FakeResend, startFakeResend } from './fake-resend.ts';
import { LOOPBACK_ALLOWED } from './webhooks.ts';

export const LINK_ORIGIN = 'https://api.acme.test';

export interface MailWorld {
  db: Client;
  /** The database's URL, for a second client (a second scheduler) on the same file. */
  url: string;
  resend: FakeResend;
  mailer: Mailer;
  clock: { now: Date; advance(ms: number): void };
  addSubscriber(options?: {
    email?: string;
    targets?: string[] | null;
    minImpact?: IncidentImpact;
    state?: 'pending' | 'active';
  }): Promise<string>;
  /** The handlers the scheduler registers, optionally over another client (to inject a crash). */
  handlers(db?: Client, mailer?: Mailer): Record<string, OutboxHandler>;
  /** Drains until nothing more is sent, like the Node scheduler. */
  drain(handlers?: Record<string, OutboxHandler>): Promise<{ sent: number; failed: number }>;
  entries(kind: string): Promise<OutboxEntry[]>;
}

let counter = 0;

export async function createMailWorld(): Promise<MailWorld> {
  const { db, url } = await createTestDatabase();
  const clock = {
    now: new Date('2026-11-30T12:00:00.000Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  await ensurePage(
    db,
    { name: 'Acme <Status>', url: 'https://status.acme.test', time_zone: 'UTC' },
    clock.now.toISOString(),
  );
  const resend = await startFakeResend();
  const mailer = resendMailer({
    apiKey: 're_test',
    baseUrl: resend.url,
    from: 'status@acme.test',
    clock: () => clock.now,
  });
  const world: MailWorld = {
    db,
    url,
    resend,
    mailer,
    clock,
    async addSubscriber(options = {}) {
      counter += 1;
      const id = newId('sub');
      const now = clock.now.toISOString();
      const row = {
        id,
        email: options.email ?? `reader${counter}@example.com`,
        state: options.state ?? 'active',
        minImpact: options.minImpact ?? 'none',
        confirmTokenHash: null,
        confirmExpiresAt: null,
        now,
      } as const;
      const targets = options.targets === undefined ? null : options.targets;
      await db.batch([insertSubscriberStatement(row), ...replaceTargetsStatements(id, targets)], 'write');
      return id;
    },
    handlers: (client = db, withMailer = mailer) =>
      outboxHandlers(client, {
        mail: { mailer: withMailer, linkOrigin: LINK_ORIGIN, clock: () => clock.now },
        webhooks: { policy: LOOPBACK_ALLOWED, clock: () => clock.now },
      }),
    async drain(handlers = world.handlers()) {
      const total = { sent: 0, failed: 0 };
      for (let round = 0; round < 10; round += 1) {
        const run = await drainOutbox(db, { handlers, clock: () => clock.now, limit: 500 });
        total.sent += run.sent;
        total.failed += run.failed;
        if (run.sent === 0 && run.failed === 0) break;
      }
      return total;
    },
    entries: async (kind) =>
      (await listOutboxEntries(db, { limit: 1000 })).filter((entry) => entry.kind === kind),
  };
  return world;
}

/** The client, except that every db.batch after the first `allowed` throws, as a process killed mid-write. */
export function crashAfterBatches(db: Client, allowed: number): Client {
  let batches = 0;
  return new Proxy(db, {
    get(target, property) {
      if (property === 'batch') {
        return async (...args: Parameters<Client['batch']>) => {
          batches += 1;
          if (batches > allowed) throw new Error('killed mid fan-out');
          return target.batch(...args);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
