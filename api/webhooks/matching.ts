// Which webhooks an event concerns: the rules shared by incidents and component changes.
import type { Webhook, WebhookFormat } from '../../db/queries/webhooks.ts';
import type { ComponentStatus, IncidentImpact } from '../../db/types.ts';

/** The outbox kind of one message to one webhook. */
export const WEBHOOK_DELIVER = 'webhook.deliver';

/** What a `webhook.deliver` entry carries: the body is fixed when the event is fanned out. */
export interface WebhookDeliveryPayload {
  webhook_id: string;
  /** incident.created, incident.updated, incident.resolved, postmortem.published, postmortem.follow_up or component.updated. */
  event: string;
  format: WebhookFormat;
  body: Record<string, unknown>;
}

const IMPACT_RANK: Record<IncidentImpact, number> = { none: 0, minor: 1, major: 2, critical: 3 };

// A component's status implies an impact as the page's overall status does.
const IMPACT_OF_STATUS: Record<ComponentStatus, IncidentImpact> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

export function meetsImpact(impact: IncidentImpact, threshold: IncidentImpact): boolean {
  return IMPACT_RANK[impact] >= IMPACT_RANK[threshold];
}

/**
 * The impact of a status change: the worse of the two ends, so that a receiver told about an
 * outage also hears that it is over.
 */
export function impactOfChange(
  oldStatus: ComponentStatus | null,
  newStatus: ComponentStatus,
): IncidentImpact {
  const before = oldStatus ? IMPACT_OF_STATUS[oldStatus] : 'none';
  const after = IMPACT_OF_STATUS[newStatus];
  return IMPACT_RANK[before] > IMPACT_RANK[after] ? before : after;
}

/**
 * Whether a webhook follows any of the components: a whole-page webhook follows everything
 * (including events that name no component), a component webhook its components and the
 * components of its groups, whenever they joined the group.
 */
export function followsComponents(
  webhook: Pick<Webhook, 'components'>,
  componentIds: readonly string[],
  groupOf: ReadonlyMap<string, string | null>,
): boolean {
  if (webhook.components.length === 0) return true;
  const followed = new Set(webhook.components);
  return componentIds.some((id) => followed.has(id) || followed.has(groupOf.get(id) ?? ''));
}
