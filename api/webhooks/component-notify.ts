// Component status changes sent to webhooks as Statuspage's `component_update`. The change's own
// batch writes a `component.notify` entry (db/queries/component-status-changes.ts); this handler
// fans it out to one `webhook.deliver` entry per webhook, with keys that make a re-run add nothing.
import type { Client } from '@libsql/client';
import { getComponentStatusChange } from '../../db/queries/component-status-changes.ts';
import { getComponent } from '../../db/queries/components.ts';
import { enqueueOutboxEntry, type NewOutboxEntry } from '../../db/queries/outbox.ts';
import { listWebhooks } from '../../db/queries/webhooks.ts';
import type { OutboxHandler } from '../outbox/drain.ts';
import {
  followsComponents,
  impactOfChange,
  meetsImpact,
  WEBHOOK_DELIVER,
  type WebhookDeliveryPayload,
} from './matching.ts';
import { loadPageContext } from './page-context.ts';
import { slackComponentBody } from './slack-body.ts';
import { statuspageComponentBody } from './statuspage-body.ts';

export const COMPONENT_NOTIFY = 'component.notify';

/** The deliveries a status change causes; empty when the change or its component is gone. */
export async function planComponentDeliveries(
  db: Client,
  changeId: string,
  now: string,
): Promise<NewOutboxEntry[]> {
  const change = await getComponentStatusChange(db, changeId);
  if (!change) return [];
  const [component, context, webhooks] = await Promise.all([
    getComponent(db, change.component_id),
    loadPageContext(db),
    listWebhooks(db, { enabledOnly: true }),
  ]);
  if (!component || !context) return [];
  const impact = impactOfChange(change.old_status, change.new_status);
  return webhooks
    .filter((webhook) => meetsImpact(impact, webhook.min_impact))
    .filter((webhook) => followsComponents(webhook, [component.id], context.groupOf))
    .map((webhook) => {
      const payload: WebhookDeliveryPayload = {
        webhook_id: webhook.id,
        event: 'component.updated',
        format: webhook.format,
        body:
          webhook.format === 'slack'
            ? slackComponentBody(context, change, component)
            : statuspageComponentBody(context, change, component, webhook.id, now),
      };
      const dedupeKey = `${WEBHOOK_DELIVER}:${webhook.id}:${change.id}`;
      return { kind: WEBHOOK_DELIVER, dedupeKey, payload, availableAt: now, now };
    });
}

export function componentNotifier(db: Client, clock: () => Date = () => new Date()): OutboxHandler {
  return async (entry) => {
    const { change_id: changeId } = entry.payload as { change_id: string };
    const now = clock().toISOString();
    for (const delivery of await planComponentDeliveries(db, changeId, now)) {
      await enqueueOutboxEntry(db, delivery);
    }
  };
}
