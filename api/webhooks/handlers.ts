// The outbox kinds webhooks add, for api/jobs/scheduled.ts to register on both runtimes.
import type { Client } from '@libsql/client';
import type { OutboxHandler } from '../outbox/drain.ts';
import { COMPONENT_NOTIFY, componentNotifier } from './component-notify.ts';
import { type WebhookSenderSettings, webhookSender } from './deliver.ts';
import { WEBHOOK_DELIVER } from './matching.ts';

export function webhookHandlers(db: Client, settings: WebhookSenderSettings): Record<string, OutboxHandler> {
  return {
    [COMPONENT_NOTIFY]: componentNotifier(db, settings.clock),
    [WEBHOOK_DELIVER]: webhookSender(db, settings),
  };
}
