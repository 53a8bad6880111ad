// What a maintenance event sends to webhooks: Statuspage's incident envelope carrying the
// scheduled maintenance object (as Statuspage sends its maintenance notifications), or a Slack
// message. Planned like incident deliveries: one `webhook.deliver` entry per following webhook,
// keyed by the event so that a re-run adds nothing.
import type { Client } from '@libsql/client';
import { getMaintenance } from '../../db/queries/maintenances.ts';
import type { NewOutboxEntry } from '../../db/queries/outbox.ts';
import { listWebhooks } from '../../db/queries/webhooks.ts';
import type { MaintenanceWithDetails } from '../../db/types.ts';
import { type MaintenanceEvent, maintenanceEventKey } from '../notify/maintenance-event.ts';
import { formatMaintenance, maintenanceShortlink } from '../public/maintenance-format.ts';
import { followsComponents, WEBHOOK_DELIVER, type WebhookDeliveryPayload } from './matching.ts';
import { loadPageContext, type PageContext } from './page-context.ts';
import { escapeSlack } from './slack-body.ts';
import { envelope } from './statuspage-body.ts';

const NOTICE_WORDS: Record<MaintenanceEvent['kind'], string> = {
  'maintenance.scheduled': 'Scheduled',
  'maintenance.reminder': 'Reminder',
  'maintenance.started': 'In progress',
  'maintenance.updated': 'Update',
  'maintenance.completed': 'Completed',
  'maintenance.rescheduled': 'Rescheduled',
  'maintenance.cancelled': 'Cancelled',
};

export function statuspageMaintenanceBody(
  context: PageContext,
  maintenance: MaintenanceWithDetails,
  webhookId: string,
  now: string,
): Record<string, unknown> {
  return {
    ...envelope(context, webhookId, now),
    incident: formatMaintenance(maintenance, context.page, context.components),
  };
}

export function slackMaintenanceBody(
  context: PageContext,
  maintenance: MaintenanceWithDetails,
  event: MaintenanceEvent,
): Record<string, unknown> {
  const word = NOTICE_WORDS[event.kind];
  const link = maintenanceShortlink(context.page.url, maintenance.id);
  const window = `${maintenance.scheduled_for} – ${maintenance.scheduled_until}`;
  const update = maintenance.maintenance_updates.find((item) => item.id === event.update_id);
  const lines = [`*Maintenance ${word.toLowerCase()}* · ${window}`];
  if (update) lines.push(escapeSlack(update.body).slice(0, 2500));
  return {
    text: escapeSlack(`[${context.page.name}] Maintenance ${word.toLowerCase()}: ${maintenance.name}`),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: maintenance.name.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `<${link}|${escapeSlack(context.page.name).slice(0, 200)}>` }],
      },
    ],
  };
}

/**
 * One `webhook.deliver` entry per enabled webhook following one of the window's components (or
 * the whole page). Maintenance has no severity, so `min_impact` does not filter it. Reads only.
 */
export async function planMaintenanceWebhookDeliveries(
  db: Client,
  event: MaintenanceEvent,
  now: string,
): Promise<NewOutboxEntry[]> {
  const webhooks = await listWebhooks(db, { enabledOnly: true });
  if (webhooks.length === 0) return [];
  const [maintenance, context] = await Promise.all([
    getMaintenance(db, event.maintenance_id),
    loadPageContext(db),
  ]);
  if (!maintenance || !context) return [];
  const eventKey = maintenanceEventKey(event);
  return webhooks
    .filter((webhook) => followsComponents(webhook, maintenance.component_ids, context.groupOf))
    .map((webhook) => {
      const payload: WebhookDeliveryPayload = {
        webhook_id: webhook.id,
        event: event.kind,
        format: webhook.format,
        body:
          webhook.format === 'slack'
            ? slackMaintenanceBody(context, maintenance, event)
            : statuspageMaintenanceBody(context, maintenance, webhook.id, now),
      };
      return {
        kind: WEBHOOK_DELIVER,
        dedupeKey: `${WEBHOOK_DELIVER}:${webhook.id}:${eventKey}`,
        payload,
        availableAt: now,
        now,
      };
    });
}
