import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import { insertIncidentUpdate } from '../../db/queries/incident-updates.ts';
import {
  deleteIncidentStatements,
  getIncident,
  insertIncident,
  updateIncidentFields,
} from '../../db/queries/incidents.ts';
import type { Incident, IncidentImpact, IncidentStatus, IncidentWithDetails } from '../../db/types.ts';
import { incidentNotifyStatement } from '../notify/incident-event.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';
import {
  applyComponentStatuses,
  type ComponentStatusMap,
  requireKnownComponents,
} from './incident-components.ts';

/** The statuses an admin may set; `postmortem` belongs to a later workflow. */
export type OpenableIncidentStatus = Exclude<IncidentStatus, 'postmortem'>;

export interface CreateIncidentInput {
  name: string;
  status: OpenableIncidentStatus;
  impact: IncidentImpact;
  /** Markdown: the body of the first update. */
  message: string;
  /** Components to mark and link to the incident. */
  components?: ComponentStatusMap;
  /** Backfill: when it started (not in the future). Also its creation and first update time. */
  started_at?: string;
  deliver_notifications?: boolean;
}

export interface UpdateIncidentInput {
  id: string;
  name?: string;
  impact?: IncidentImpact;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'incident',
  resourceId: id,
  now: ctx.now,
});

export const unknownIncident = (id: string): string => `No incident has the id ${id}.`;

// When a backfilled incident began, normalised to the stored format; now when not given.
function startTime(startedAt: string | undefined, ctx: ServiceContext): string {
  if (startedAt === undefined) return ctx.now;
  const time = Date.parse(startedAt);
  if (Number.isNaN(time) || time > Date.parse(ctx.now)) {
    throw new ServiceError('invalid', 'started_at must be a time that is not in the future.', [
      { pointer: '/started_at', detail: `Must be an ISO-8601 time not later than now (${ctx.now}).` },
    ]);
  }
  return new Date(time).toISOString();
}

// A new incident's row: everything its first update says happens at `at`.
function newIncident(input: CreateIncidentInput, at: string, ctx: ServiceContext): Incident {
  return {
    id: newId('inc'),
    name: input.name,
    status: input.status,
    impact: input.impact,
    started_at: at,
    monitoring_at: input.status === 'monitoring' ? at : null,
    resolved_at: input.status === 'resolved' ? at : null,
    created_at: at,
    updated_at: ctx.now,
  };
}

/**
 * Opens an incident with its first update (body = message). The components map sets those
 * components' statuses (recorded on the update as affected_components) and links them.
 */
export async function createIncident(
  db: Client,
  input: CreateIncidentInput,
  ctx: ServiceContext,
): Promise<IncidentWithDetails> {
  const at = startTime(input.started_at, ctx);
  const statuses = Object.entries(input.components ?? {});
  await requireKnownComponents(db, statuses);
  const incident = newIncident(input, at, ctx);
  const updateId = newId('upd');
  const statements = [
    insertIncident(incident),
    insertIncidentUpdate({
      id: updateId,
      incidentId: incident.id,
      status: input.status,
      body: input.message,
      componentStatuses: statuses,
      deliverNotifications: input.deliver_notifications ?? true,
      displayAt: at,
      now: ctx.now,
    }),
    ...applyComponentStatuses(incident.id, updateId, statuses, ctx.now),
  ];
  // Subscribers and webhooks hear of it through the outbox, committed with the incident itself.
  if (input.deliver_notifications ?? true) {
    const event = { kind: 'incident.created', incident_id: incident.id, update_id: updateId } as const;
    statements.push(incidentNotifyStatement(event, ctx.now));
  }
  await runWriteBatch(db, withAuditEntry(auditTarget('incident.create', incident.id, ctx), statements));
  return requireFound(await getIncident(db, incident.id), unknownIncident(incident.id));
}

/** Renames an incident or changes its impact. Its status changes only through updates. */
export async function updateIncident(
  db: Client,
  input: UpdateIncidentInput,
  ctx: ServiceContext,
): Promise<IncidentWithDetails> {
  requireFound(await getIncident(db, input.id), unknownIncident(input.id));
  const change = updateIncidentFields({ id: input.id, name: input.name, impact: input.impact, now: ctx.now });
  await runWriteBatch(db, withAuditEntry(auditTarget('incident.update', input.id, ctx), [change]));
  return requireFound(await getIncident(db, input.id), unknownIncident(input.id));
}

/**
 * Deletes an incident (one opened by mistake) with its updates; returns it as it was. The
 * components keep their current statuses and their history.
 */
export async function deleteIncident(
  db: Client,
  input: { id: string },
  ctx: ServiceContext,
): Promise<IncidentWithDetails> {
  const current = requireFound(await getIncident(db, input.id), unknownIncident(input.id));
  await runWriteBatch(
    db,
    withAuditEntry(auditTarget('incident.delete', input.id, ctx), deleteIncidentStatements(input.id)),
  );
  return current;
}
