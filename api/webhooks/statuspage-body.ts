// Statuspage's webhook envelope (shared/reference/statuspage-v2.md): `meta`, `page`,
// and either `incident` or `component_update` + `component`. The objects inside are the very ones
// the v2 JSON serves, so a receiver written for Statuspage reads Candor's unchanged.
import type { Component, ComponentStatusChange, IncidentWithDetails } from '../../db/types.ts';
import { formatComponent, formatIncident } from '../public/statuspage-format.ts';
import type { PageContext } from './page-context.ts';

const DOCUMENTATION = 'https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/';

export function envelope(context: PageContext, webhookId: string, now: string) {
  const base = context.page.url.replace(/\/+$/, '');
  return {
    meta: {
      // Where an admin removes this webhook (DELETE, with an admin token).
      unsubscribe: `${base}/admin/v1/webhooks/${encodeURIComponent(webhookId)}`,
      documentation: DOCUMENTATION,
      generated_at: now,
    },
    page: {
      id: context.page.id,
      status_indicator: context.status.indicator,
      status_description: context.status.description,
    },
  };
}

export function statuspageIncidentBody(
  context: PageContext,
  incident: IncidentWithDetails,
  webhookId: string,
  now: string,
): Record<string, unknown> {
  return {
    ...envelope(context, webhookId, now),
    incident: formatIncident(incident, context.page, context.components),
  };
}

export function statuspageComponentBody(
  context: PageContext,
  change: ComponentStatusChange,
  component: Component,
  webhookId: string,
  now: string,
): Record<string, unknown> {
  return {
    ...envelope(context, webhookId, now),
    component_update: {
      id: change.id,
      component_id: change.component_id,
      created_at: change.changed_at,
      old_status: change.old_status,
      new_status: change.new_status,
    },
    component: formatComponent(component, context.page.id),
  };
}
