// What an incident event sends to webhooks. The fan-out of incident.notify (api/notify/fan-out.ts)
// calls planWebhookDeliveries and enqueues what it returns; the dedupe keys make a second run of
// the same fan-out (after a crash) add nothing.
import type { Client } from '@libsql/client';
import { getIncident } from '../../db/queries/incidents.ts';
import type { NewOutboxEntry } from '../../db/queries/outbox.ts';
import { listWebhooks } from '../../db/queries/webhooks.ts';
import { followsComponents, meetsImpact, WEBHOOK_DELIVER, type WebhookDeliveryPayload } from './matching.ts';
import { loadPageContext } from './page-context.ts';
import { planPostmortemDeliveries } from './plan-postmortem.ts';
import { slackIncidentBody } from './slack-body.ts';
import { statuspageIncidentBody } from './statuspage-body.ts';

/** The incident event of api/notify/incident-event.ts, by shape (structurally the same type). */
export interface IncidentEventLike {
  kind:
    | 'incident.created'
    | 'incident.updated'
    | 'incident.resolved'
    | 'postmortem.published'
    | 'postmortem.follow_up';
  incident_id: string;
  update_id: string | null;
  postmortem?: { id: string; version: number };
}

/**
 * One `webhook.deliver` entry per enabled webhook that follows one of the incident's components
 * (whole-page webhooks only, for an incident without components) and whose `min_impact` the
 * incident's impact meets. Empty when the incident is gone. Reads only; writes nothing.
 */
export async function planWebhookDeliveries(
  db: Client,
  event: IncidentEventLike,
  now: string,
): Promise<NewOutboxEntry[]> {
  if (event.postmortem) return planPostmortemDeliveries(db, { ...event, postmortem: event.postmortem }, now);
  const webhooks = await listWebhooks(db, { enabledOnly: true });
  if (webhooks.length === 0) return [];
  const [incident, context] = await Promise.all([getIncident(db, event.incident_id), loadPageContext(db)]);
  if (!incident || !context) return [];
  const eventKey = event.update_id ?? `${event.kind}:${event.incident_id}`;
  return webhooks
    .filter((webhook) => meetsImpact(incident.impact, webhook.min_impact))
    .filter((webhook) => followsComponents(webhook, incident.component_ids, context.groupOf))
    .map((webhook) => {
      const payload: WebhookDeliveryPayload = {
        webhook_id: webhook.id,
        event: event.kind,
        format: webhook.format,
        body:
          webhook.format === 'slack'
            ? slackIncidentBody(context, incident, event.update_id)
            : statuspageIncidentBody(context, incident, webhook.id, now),
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
