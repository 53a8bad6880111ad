// What Resend's webhooks tell us: a bounce or a complaint quarantines the address (it is sent
// nothing more) and marks the delivery it concerns. Other event types are acknowledged and ignored.
import type { Client } from '@libsql/client';
import { markDeliveryReportedStatement } from '../../db/queries/email-deliveries.ts';
import { quarantineSubscriberStatement } from '../../db/queries/subscriber-writes.ts';

const REPORTS = { 'email.bounced': 'bounced', 'email.complained': 'complained' } as const;

export interface ResendEvent {
  type?: unknown;
  data?: { email_id?: unknown; to?: unknown };
}

/** Applies one verified event; returns the number of subscribers quarantined. */
export async function applyResendEvent(db: Client, event: ResendEvent, now: string): Promise<number> {
  const report = REPORTS[String(event.type) as keyof typeof REPORTS];
  if (!report) return 0;
  const to = event.data?.to;
  const addresses = (Array.isArray(to) ? to : [to]).filter(
    (address): address is string => typeof address === 'string',
  );
  const statements = addresses.map((email) => quarantineSubscriberStatement({ email, reason: report, now }));
  if (typeof event.data?.email_id === 'string') {
    statements.push(markDeliveryReportedStatement(event.data.email_id, report, now));
  }
  if (statements.length === 0) return 0;
  const results = await db.batch(statements, 'write');
  return results.slice(0, addresses.length).reduce((sum, result) => sum + result.rowsAffected, 0);
}
