import type { Client, InStatement } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  insertInitialComponentStatus,
  transitionComponentStatus,
} from '../../db/queries/component-status-changes.ts';
import {
  type ComponentFields,
  deleteComponentStatements,
  getComponent,
  getComponentGroup,
  insertComponent,
  updateComponentFields,
} from '../../db/queries/components.ts';
import { getPage } from '../../db/queries/page.ts';
import { closePositionGap, openPositionGap } from '../../db/queries/positions.ts';
import type { Component, ComponentStatus } from '../../db/types.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';

export interface CreateComponentInput {
  name: string;
  description?: string | null;
  /** Index within its group; omitted: after the last one. */
  position?: number;
  group_id?: string | null;
  /** Defaults to operational. */
  status?: ComponentStatus;
  showcase?: boolean;
  only_show_if_degraded?: boolean;
  /** YYYY-MM-DD: uptime history is not shown before it. */
  start_date?: string | null;
}

export interface UpdateComponentInput extends Partial<CreateComponentInput> {
  id: string;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'component',
  resourceId: id,
  now: ctx.now,
});

const duplicate = (name: string | undefined) => ({
  duplicate: `A component named ${JSON.stringify(name)} already exists in this group.`,
  reference: 'The group was deleted meanwhile; retry.',
});

async function requireGroup(db: Client, groupId: string | null | undefined): Promise<void> {
  if (!groupId || (await getComponentGroup(db, groupId))) return;
  throw new ServiceError('invalid', 'The component refers to an unknown group.', [
    { pointer: '/group_id', detail: `No component group has the id ${JSON.stringify(groupId)}.` },
  ]);
}

/** Creates a component and the first row of its status history. */
/**
 * The page's local date at `now` (YYYY-MM-DD): a new component's uptime counts from the day it was
 * created, and its bar says so ("since 30 Nov"), instead of a 90-day scale it was never part of.
 */
async function pageLocalDate(db: Client, now: string): Promise<string> {
  const zone = (await getPage(db))?.time_zone ?? 'UTC';
  const format = (timeZone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      Date.parse(now),
    );
  try {
    return format(zone);
  } catch {
    return format('UTC');
  }
}

export async function createComponent(
  db: Client,
  input: CreateComponentInput,
  ctx: ServiceContext,
): Promise<Component> {
  await requireGroup(db, input.group_id);
  const id = newId('cmp');
  const scope = input.group_id ?? null;
  const status = input.status ?? 'operational';
  const statements: InStatement[] = [];
  if (input.position !== undefined) {
    statements.push(openPositionGap('components', { id, scope, position: input.position }));
  }
  statements.push(
    insertComponent({
      id,
      group_id: scope,
      position: input.position ?? null,
      name: input.name,
      description: input.description ?? null,
      status,
      showcase: input.showcase ?? true,
      only_show_if_degraded: input.only_show_if_degraded ?? false,
      start_date: input.start_date !== undefined ? input.start_date : await pageLocalDate(db, ctx.now),
      now: ctx.now,
    }),
    insertInitialComponentStatus({ id: newId('csc'), componentId: id, status, now: ctx.now }),
  );
  await runWriteBatch(
    db,
    withAuditEntry(auditTarget('component.create', id, ctx), statements),
    duplicate(input.name),
  );
  return requireFound(await getComponent(db, id), 'The component was deleted meanwhile.');
}

/**
 * Changes the given fields. A status change is added to the status history; a new group or
 * position moves the component (to the end of the new group when no position is given).
 */
export async function updateComponent(
  db: Client,
  input: UpdateComponentInput,
  ctx: ServiceContext,
): Promise<Component> {
  const current = requireFound(await getComponent(db, input.id), `No component has the id ${input.id}.`);
  await requireGroup(db, input.group_id);
  const scope = input.group_id === undefined ? current.group_id : input.group_id;
  const moving = scope !== current.group_id || input.position !== undefined;
  const statements: InStatement[] = [];
  if (input.status !== undefined) {
    statements.push(
      ...transitionComponentStatus({
        changeId: newId('csc'),
        componentId: input.id,
        status: input.status,
        now: ctx.now,
        incidentUpdateId: null,
      }),
    );
  }
  if (moving) statements.push(closePositionGap('components', input.id));
  if (moving && input.position !== undefined) {
    statements.push(openPositionGap('components', { id: input.id, scope, position: input.position }));
  }
  const fields: ComponentFields = {
    name: input.name,
    description: input.description,
    showcase: input.showcase,
    only_show_if_degraded: input.only_show_if_degraded,
    start_date: input.start_date,
  };
  const move = moving ? { scope, position: input.position ?? null } : undefined;
  statements.push(updateComponentFields({ id: input.id, fields, now: ctx.now, ...(move ? { move } : {}) }));
  const target = auditTarget('component.update', input.id, ctx);
  await runWriteBatch(db, withAuditEntry(target, statements), duplicate(input.name ?? current.name));
  return requireFound(await getComponent(db, input.id), 'The component was deleted meanwhile.');
}

/**
 * Deletes a component with its incident links and status history; returns it as it was.
 * Incident updates keep its name in their affected_components.
 */
export async function deleteComponent(
  db: Client,
  input: { id: string },
  ctx: ServiceContext,
): Promise<Component> {
  const current = requireFound(await getComponent(db, input.id), `No component has the id ${input.id}.`);
  const target = auditTarget('component.delete', input.id, ctx);
  await runWriteBatch(db, withAuditEntry(target, deleteComponentStatements(input.id)));
  return current;
}
