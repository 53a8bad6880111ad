// A page with a lead, an escalation contact and a chat webhook, a clock the test moves, a mailer
// that keeps what it is given and a chat receiver: the reminder scenarios run the real scheduler
// (runScheduledJobs) against this world.
import type { Client } from '@libsql/client';
import { onTestFinished } from 'vitest';
import { type OutboxSettings, runScheduledJobs } from '../../api/jobs/scheduled.ts';
import type { Mailer, OutgoingEmail } from '../../api/mail/mailer.ts';
import { postIncidentUpdate } from '../../api/services/incident-updates.ts';
import { createIncident } from '../../api/services/incidents.ts';
import { ensurePage, updatePage } from '../../api/services/page.ts';
import type { IncidentImpact } from '../../db/types.ts';
import { createTestDatabase } from './database.ts';
import { type HookServer, startHookServer } from './hook-server.ts';
import { LOOPBACK_ALLOWED } from './webhooks.ts';

export const START = '2026-11-30T14:00:00.000Z';
export const LEAD = { email: 'ann@acme.test', name: 'Ann Lee' };
export const ESCALATION = 'oncall@acme.test';
export const API_ORIGIN = 'https://api.acme.test';

export interface SentEmail extends OutgoingEmail {
  idempotencyKey: string;
}

export interface CadenceWorld {
  db: Client;
  url: string;
  clock: { now: Date; at(minutes: number): void };
  mail: SentEmail[];
  chat: HookServer;
  settings: OutboxSettings;
  /** One scheduler run at the clock's time, optionally over another client (another process). */
  run(db?: Client): Promise<unknown>;
  openIncident(impact?: IncidentImpact): Promise<string>;
  post(incidentId: string, status: 'identified' | 'monitoring' | 'resolved'): Promise<void>;
  /** Chat messages received so far: their first line. */
  chatHeadlines(): string[];
}

export function keepingMailer(sent: SentEmail[]): Mailer {
  return {
    async sendBatch(emails, idempotencyKey) {
      for (const email of emails) sent.push({ ...email, idempotencyKey });
      return emails.map((_, index) => `${idempotencyKey}-${index}`);
    },
  };
}

export async function createCadenceWorld(): Promise<CadenceWorld> {
  const { db, url } = await createTestDatabase();
  const chat = await startHookServer();
  onTestFinished(() => chat.close());
  const clock = {
    now: new Date(START),
    /** Moves to `minutes` after START. */
    at(minutes: number) {
      clock.now = new Date(Date.parse(START) + minutes * 60_000);
    },
  };
  const ctx = () => ({ actor: 'system', now: clock.now.toISOString() });
  await ensurePage(db, { name: 'Acme Status', url: 'https://status.acme.test', time_zone: 'UTC' }, START);
  await updatePage(db, { escalation_email: ESCALATION, chat_webhook_url: chat.url }, ctx(), LOOPBACK_ALLOWED);
  const mail: SentEmail[] = [];
  const settings: OutboxSettings = {
    mail: { mailer: keepingMailer(mail), linkOrigin: API_ORIGIN },
    webhooks: { policy: LOOPBACK_ALLOWED },
  };
  return {
    db,
    url,
    clock,
    mail,
    chat,
    settings,
    run: (other) => runScheduledJobs(other ?? db, settings, () => clock.now),
    async openIncident(impact = 'critical') {
      const incident = await createIncident(
        db,
        { name: 'API errors', status: 'investigating', impact, message: 'Looking into it.', lead: LEAD },
        ctx(),
      );
      return incident.id;
    },
    async post(incidentId, status) {
      await postIncidentUpdate(db, { incident_id: incidentId, status, message: `Now ${status}.` }, ctx());
    },
    chatHeadlines: () =>
      chat.requests.map(
        (request) => String((JSON.parse(request.body) as { text: string }).text).split('\n')[0] ?? '',
      ),
  };
}
