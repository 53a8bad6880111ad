import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  getIncidentUpdate,
  insertIncidentUpdate,
  updateIncidentUpdateBody,
} from '../../db/queries/incident-updates.ts';
import {
  getIncident,
  listComponentIdsSharedWithOpenIncidents,
  setIncidentStatus,
  updateIncidentFields,
} from '../../db/queries/incidents.ts';
import type { IncidentUpdate, IncidentWithDetails } from '../../db/types.ts';
import { incidentEventKind, incidentNotifyStatement } from '../notify/incident-event.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';
import {
  applyComponentStatuses,
  type ComponentStatusList,
  type ComponentStatusMap,
  requireKnownComponents,
} from './incident-components.ts';
import { type OpenableIncidentStatus, unknownIncident } from './incidents.ts';

export interface PostIncidentUpdateInput {
  incident_id: string;
  status: OpenableIncidentStatus;
  /** Markdown. */
  message: string;
  /**
   * Components to mark and link. Omitted on a resolving update: the incident's components
   * return to operational. `{}` changes none.
   */
  components?: ComponentStatusMap;
  deliver_notifications?: boolean;
  /** Must be true to move a resolved incident back to an open status. */
  reopen?: boolean;
}

export interface EditIncidentUpdateInput {
  incident_id: string;
  id: string;
  message: string;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'incident',
  resourceId: id,
  now: ctx.now,
});

/**
 * What a resolving update without a components map does: every component of the incident goes
 * back to operational, except those another unresolved incident still holds (resolving one
 * incident must not paint green what another one reports broken).
 */
async function statusesRestoredOnResolve(
  db: Client,
  incident: IncidentWithDetails,
): Promise<ComponentStatusList> {
  const heldElsewhere = new Set(await listComponentIdsSharedWithOpenIncidents(db, incident.id));
  return incident.component_ids
    .filter((id) => !heldElsewhere.has(id))
    .map((id) => [id, 'operational'] as const);
}

/**
 * A resolved incident goes back to an open status only when asked in so many words: an update
 * meant for another incident, or a stale form, must not silently reopen one (and notify everyone).
 */
function requireExplicitReopen(incident: IncidentWithDetails, input: PostIncidentUpdateInput): void {
  const closed = incident.status === 'resolved' || incident.status === 'postmortem';
  if (closed && input.status !== 'resolved' && input.reopen !== true) {
    throw new ServiceError(
      'conflict',
      `Incident ${incident.id} is resolved; posting "${input.status}" would reopen it. Send "reopen": true to reopen it.`,
      [{ pointer: '/reopen', detail: 'Must be true to reopen a resolved incident.' }],
    );
  }
}

/**
 * Posts an update: the incident takes its status, and the named components their statuses (those
 * that really change are listed on the update as affected_components), all in one transaction.
 */
export async function postIncidentUpdate(
  db: Client,
  input: PostIncidentUpdateInput,
  ctx: ServiceContext,
): Promise<{ incident: IncidentWithDetails; update: IncidentUpdate }> {
  const incident = requireFound(await getIncident(db, input.incident_id), unknownIncident(input.incident_id));
  requireExplicitReopen(incident, input);
  let statuses: ComponentStatusList = [];
  if (input.components !== undefined) {
    statuses = Object.entries(input.components);
    await requireKnownComponents(db, statuses);
  } else if (input.status === 'resolved') {
    statuses = await statusesRestoredOnResolve(db, incident);
  }
  const updateId = newId('upd');
  const statements = [
    insertIncidentUpdate({
      id: updateId,
      incidentId: incident.id,
      status: input.status,
      body: input.message,
      componentStatuses: statuses,
      deliverNotifications: input.deliver_notifications ?? true,
      displayAt: ctx.now,
      now: ctx.now,
    }),
    ...applyComponentStatuses(incident.id, updateId, statuses, ctx.now),
    setIncidentStatus({ id: incident.id, status: input.status, now: ctx.now }),
  ];
  if (input.deliver_notifications ?? true) {
    const kind = incidentEventKind(false, input.status);
    statements.push(
      incidentNotifyStatement({ kind, incident_id: incident.id, update_id: updateId }, ctx.now),
    );
  }
  await runWriteBatch(db, withAuditEntry(auditTarget('incident.post_update', incident.id, ctx), statements));
  const updated = requireFound(await getIncident(db, incident.id), unknownIncident(incident.id));
  const update = updated.incident_updates.find((candidate) => candidate.id === updateId);
  return { incident: updated, update: requireFound(update ?? null, unknownIncident(incident.id)) };
}

/** Corrects the message of an update already posted; its time and status stay. */
export async function editIncidentUpdate(
  db: Client,
  input: EditIncidentUpdateInput,
  ctx: ServiceContext,
): Promise<IncidentUpdate> {
  const unknownUpdate = `Incident ${input.incident_id} has no update with the id ${input.id}.`;
  requireFound(await getIncidentUpdate(db, input.incident_id, input.id), unknownUpdate);
  const statements = [
    updateIncidentUpdateBody({ id: input.id, body: input.message, now: ctx.now }),
    updateIncidentFields({ id: input.incident_id, now: ctx.now }),
  ];
  await runWriteBatch(
    db,
    withAuditEntry(auditTarget('incident.edit_update', input.incident_id, ctx), statements),
  );
  return requireFound(await getIncidentUpdate(db, input.incident_id, input.id), unknownUpdate);
}
