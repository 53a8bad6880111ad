// What an incident change tells subscribers and webhooks: written as an `incident.notify` outbox
// entry in the same batch as the change, and fanned out later by api/notify/fan-out.ts.
import type { InStatement } from '@libsql/client';
import { enqueueOutboxEntryStatement } from '../../db/queries/outbox.ts';
import type { IncidentStatus } from '../../db/types.ts';

export type IncidentEventKind =
  | 'incident.created'
  | 'incident.updated'
  | 'incident.resolved'
  | 'postmortem.published'
  | 'postmortem.follow_up';

export interface IncidentEvent {
  kind: IncidentEventKind;
  /** For a post-mortem, the first incident it covers; its audience is that of every incident it covers. */
  incident_id: string;
  update_id: string | null;
  /** Post-mortem events: which post-mortem, and the version published (one event per version). */
  postmortem?: { id: string; version: number };
}

export const INCIDENT_NOTIFY = 'incident.notify';

/** The event of a new update: created for the first one, resolved when it resolves. */
export function incidentEventKind(first: boolean, status: IncidentStatus): IncidentEventKind {
  if (first) return 'incident.created';
  return status === 'resolved' ? 'incident.resolved' : 'incident.updated';
}

/** The key of everything one event causes; one event per update. */
export function incidentEventKey(event: IncidentEvent): string {
  if (event.postmortem)
    return `${INCIDENT_NOTIFY}:${event.kind}:${event.postmortem.id}:v${event.postmortem.version}`;
  return `${INCIDENT_NOTIFY}:${event.update_id ?? `${event.kind}:${event.incident_id}`}`;
}

/** The outbox entry announcing the event, for the change's own db.batch. */
export function incidentNotifyStatement(event: IncidentEvent, now: string): InStatement {
  return enqueueOutboxEntryStatement({
    kind: INCIDENT_NOTIFY,
    dedupeKey: incidentEventKey(event),
    payload: event,
    availableAt: now,
    now,
  });
}
