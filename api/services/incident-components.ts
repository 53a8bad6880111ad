import type { Client, InStatement } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { transitionComponentStatus } from '../../db/queries/component-status-changes.ts';
import { findMissingComponentIds } from '../../db/queries/components.ts';
import { linkIncidentComponent } from '../../db/queries/incidents.ts';
import type { ComponentStatus } from '../../db/types.ts';
import { ServiceError, toJsonPointer } from './errors.ts';

/** Component id → the status an incident or update gives it. */
export type ComponentStatusMap = Record<string, ComponentStatus>;

export type ComponentStatusList = Array<readonly [componentId: string, status: ComponentStatus]>;

/** Fails with one field problem per unknown component id in the map, at `/components/<id>`. */
export async function requireKnownComponents(db: Client, statuses: ComponentStatusList): Promise<void> {
  const missing = await findMissingComponentIds(
    db,
    statuses.map(([id]) => id),
  );
  if (missing.length === 0) return;
  throw new ServiceError(
    'invalid',
    'The components map names components that do not exist.',
    missing.map((id) => ({
      pointer: toJsonPointer(['components', id]),
      detail: `No component has the id ${JSON.stringify(id)}.`,
    })),
  );
}

/**
 * The statements that apply an update's component statuses: each component gets its status
 * (recorded in its history with the update's id when it really changes) and is linked to the
 * incident. Put them after the update's insert, which reads the old statuses.
 */
export function applyComponentStatuses(
  incidentId: string,
  updateId: string,
  statuses: ComponentStatusList,
  now: string,
): InStatement[] {
  return statuses.flatMap(([componentId, status]) => [
    ...transitionComponentStatus({
      changeId: newId('csc'),
      componentId,
      status,
      now,
      incidentUpdateId: updateId,
    }),
    linkIncidentComponent(incidentId, componentId),
  ]);
}
