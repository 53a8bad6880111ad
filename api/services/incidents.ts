import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import { insertIncidentUpdate } from '../../db/queries/incident-updates.ts';
import {
  deleteIncidentStatements,
  getIncident,
  insertIncident,
  updateIncidentFields,
  waiveIncidentPostmortem,
} from '../../db/queries/incidents.ts';
import { getPage } from '../../db/queries/page.ts';
import type {
  Incident,
  IncidentImpact,
  IncidentLead,
  IncidentStatus,
  IncidentWithDetails,
} from '../../db/types.ts';
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
  /** Who leads it; undefined: the page's escalation_email (if set), null: nobody. */
  lead?: LeadInput | null;
  /** Its own minutes between public updates; null/undefined: the page's cadence for its impact. */
  update_cadence_minutes?: number | null;
}

export interface LeadInput {
  email: string;
  name?: string | null | undefined;
}

export interface UpdateIncidentInput {
  id: string;
  name?: string;
  impact?: IncidentImpact;
  lead?: LeadInput | null;
  update_cadence_minutes?: number | null;
}

const toLead = (lead: LeadInput | null): IncidentLead | null =>
  lead === null ? null : { email: lead.email, name: lead.name ?? null };

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
function newIncident(
  input: CreateIncidentInput,
  at: string,
  ctx: ServiceContext,
  defaultLead: IncidentLead | null,
): Incident {
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
    lead: input.lead === undefined ? defaultLead : toLead(input.lead),
    update_cadence_minutes: input.update_cadence_minutes ?? null,
    postmortem_waived_at: null,
  };
}

/** The lead of an incident opened without one: the page's escalation contact, if it has one. */
async function defaultLead(db: Client): Promise<IncidentLead | null> {
  const email = (await getPage(db))?.escalation_email ?? null;
  return email === null ? null : { email, name: null };
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
  const incident = newIncident(input, at, ctx, input.lead === undefined ? await defaultLead(db) : null);
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

/**
 * Renames an incident, changes its impact, its lead or its own cadence (the next update's due
 * time follows). Its status changes only through updates.
 */
export async function updateIncident(
  db: Client,
  input: UpdateIncidentInput,
  ctx: ServiceContext,
): Promise<IncidentWithDetails> {
  requireFound(await getIncident(db, input.id), unknownIncident(input.id));
  const change = updateIncidentFields({
    id: input.id,
    name: input.name,
    impact: input.impact,
    lead: input.lead === undefined ? undefined : toLead(input.lead),
    update_cadence_minutes: input.update_cadence_minutes,
    now: ctx.now,
  });
  await runWriteBatch(db, withAuditEntry(auditTarget('incident.update', input.id, ctx), [change]));
  return requireFound(await getIncident(db, input.id), unknownIncident(input.id));
}

/**
 * Records that a resolved incident needs no post-mortem: its post-mortem nudges stop. Idempotent
 * (a second waiver keeps the first time and writes nothing).
 */
export async function waivePostmortem(
  db: Client,
  input: { id: string },
  ctx: ServiceContext,
): Promise<IncidentWithDetails> {
  const incident = requireFound(await getIncident(db, input.id), unknownIncident(input.id));
  if (incident.postmortem_waived_at !== null) return incident;
  const target = auditTarget('incident.waive_postmortem', input.id, ctx);
  await runWriteBatch(db, withAuditEntry(target, [waiveIncidentPostmortem({ id: input.id, now: ctx.now })]));
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
