// What a post-mortem publication sends to webhooks: for each incident it covers, one delivery per
// webhook following that incident's components, carrying the incident with its postmortem_body
// and postmortem_published_at (Statuspage's format) or a short Slack message. Keys name the
// version and the incident, so a re-run of the fan-out adds nothing.
import type { Client } from '@libsql/client';
import { getIncident } from '../../db/queries/incidents.ts';
import type { NewOutboxEntry } from '../../db/queries/outbox.ts';
import { listWebhooks } from '../../db/queries/webhooks.ts';
import type { IncidentWithDetails } from '../../db/types.ts';
import { postmortemPath } from '../../site/lib/postmortem.ts';
import { followsComponents, meetsImpact, WEBHOOK_DELIVER, type WebhookDeliveryPayload } from './matching.ts';
import { loadPageContext, type PageContext } from './page-context.ts';
import type { IncidentEventLike } from './plan.ts';
import { escapeSlack } from './slack-body.ts';
import { statuspageIncidentBody } from './statuspage-body.ts';

type PostmortemEvent = IncidentEventLike & { postmortem: { id: string; version: number } };

function slackPostmortemBody(
  context: PageContext,
  incident: IncidentWithDetails,
  kind: IncidentEventLike['kind'],
): Record<string, unknown> {
  const link = `${context.page.url.replace(/\/+$/, '')}${postmortemPath(incident.id)}`;
  const what = kind === 'postmortem.follow_up' ? 'Post-mortem follow-up' : 'Post-mortem';
  const done = incident.postmortem?.follow_ups.at(-1)?.completed_items ?? [];
  const lines = [`*${what}*: ${escapeSlack(incident.name)}`];
  if (kind === 'postmortem.follow_up' && done.length > 0) {
    lines.push(`Done: ${done.map(escapeSlack).join(', ')}`);
  }
  lines.push(`<${link}|Read the post-mortem>`);
  return {
    text: escapeSlack(`[${context.page.name}] ${what}: ${incident.name}`),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } }],
  };
}

export async function planPostmortemDeliveries(
  db: Client,
  event: PostmortemEvent,
  now: string,
): Promise<NewOutboxEntry[]> {
  const webhooks = await listWebhooks(db, { enabledOnly: true });
  if (webhooks.length === 0) return [];
  const context = await loadPageContext(db);
  const first = await getIncident(db, event.incident_id);
  // The post-mortem was removed or unpublished meanwhile: nothing to announce.
  if (!context || first?.postmortem?.id !== event.postmortem.id) return [];
  const incidents = await Promise.all(first.postmortem.incident_ids.map((id) => getIncident(db, id)));
  const deliveries: NewOutboxEntry[] = [];
  for (const incident of incidents) {
    if (!incident) continue;
    for (const webhook of webhooks) {
      if (!meetsImpact(incident.impact, webhook.min_impact)) continue;
      if (!followsComponents(webhook, incident.component_ids, context.groupOf)) continue;
      const payload: WebhookDeliveryPayload = {
        webhook_id: webhook.id,
        event: event.kind,
        format: webhook.format,
        body:
          webhook.format === 'slack'
            ? slackPostmortemBody(context, incident, event.kind)
            : statuspageIncidentBody(context, incident, webhook.id, now),
      };
      const key = `${event.postmortem.id}:v${event.postmortem.version}:${incident.id}`;
      deliveries.push({
        kind: WEBHOOK_DELIVER,
        dedupeKey: `${WEBHOOK_DELIVER}:${webhook.id}:${key}`,
        payload,
        availableAt: now,
        now,
      });
    }
  }
  return deliveries;
}
