import type { Client, InStatement } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  countComponentsInGroup,
  deleteComponentGroupStatements,
  insertComponentGroup,
  updateComponentGroupFields,
} from '../../db/queries/component-groups.ts';
import { getComponentGroup } from '../../db/queries/components.ts';
import { closePositionGap, openPositionGap } from '../../db/queries/positions.ts';
import type { ComponentGroup } from '../../db/types.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';

export interface CreateComponentGroupInput {
  name: string;
  description?: string | null;
  /** Index among the groups; omitted: after the last one. */
  position?: number;
}

export interface UpdateComponentGroupInput extends Partial<CreateComponentGroupInput> {
  id: string;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'component_group',
  resourceId: id,
  now: ctx.now,
});

const duplicate = (name: string | undefined) => ({
  duplicate: `A component group named ${JSON.stringify(name)} already exists.`,
});

const unknownGroup = (id: string) => `No component group has the id ${id}.`;

/** Creates a component group. */
export async function createComponentGroup(
  db: Client,
  input: CreateComponentGroupInput,
  ctx: ServiceContext,
): Promise<ComponentGroup> {
  const id = newId('grp');
  const statements: InStatement[] = [];
  if (input.position !== undefined) {
    statements.push(openPositionGap('component_groups', { id, scope: null, position: input.position }));
  }
  statements.push(
    insertComponentGroup({
      id,
      name: input.name,
      description: input.description ?? null,
      position: input.position ?? null,
      now: ctx.now,
    }),
  );
  const target = auditTarget('component_group.create', id, ctx);
  await runWriteBatch(db, withAuditEntry(target, statements), duplicate(input.name));
  return requireFound(await getComponentGroup(db, id), unknownGroup(id));
}

/** Changes a group's name, description and/or position (the groups in the way shift by one). */
export async function updateComponentGroup(
  db: Client,
  input: UpdateComponentGroupInput,
  ctx: ServiceContext,
): Promise<ComponentGroup> {
  const current = requireFound(await getComponentGroup(db, input.id), unknownGroup(input.id));
  const statements: InStatement[] = [];
  if (input.position !== undefined) {
    statements.push(
      closePositionGap('component_groups', input.id),
      openPositionGap('component_groups', { id: input.id, scope: null, position: input.position }),
    );
  }
  statements.push(
    updateComponentGroupFields({
      id: input.id,
      name: input.name,
      description: input.description,
      position: input.position,
      now: ctx.now,
    }),
  );
  const target = auditTarget('component_group.update', input.id, ctx);
  await runWriteBatch(db, withAuditEntry(target, statements), duplicate(input.name ?? current.name));
  return requireFound(await getComponentGroup(db, input.id), unknownGroup(input.id));
}

/** Deletes an empty group; returns it as it was. A group with components is a conflict. */
export async function deleteComponentGroup(
  db: Client,
  input: { id: string },
  ctx: ServiceContext,
): Promise<ComponentGroup> {
  const current = requireFound(await getComponentGroup(db, input.id), unknownGroup(input.id));
  const members = await countComponentsInGroup(db, input.id);
  const notEmpty = (count: string) =>
    `The group ${JSON.stringify(current.name)} still has ${count}: move them to another group or delete them first.`;
  if (members > 0) {
    throw new ServiceError('conflict', notEmpty(members === 1 ? '1 component' : `${members} components`));
  }
  const target = auditTarget('component_group.delete', input.id, ctx);
  await runWriteBatch(db, withAuditEntry(target, deleteComponentGroupStatements(input.id)), {
    reference: notEmpty('components'),
  });
  // The delete is conditional on the group being empty; it may have gained a component meanwhile.
  if (await getComponentGroup(db, input.id)) throw new ServiceError('conflict', notEmpty('components'));
  return current;
}
