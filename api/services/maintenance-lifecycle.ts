// The status transitions of a maintenance, shared by the scheduler (automatic, at the window's
// edges) and the admin API (by hand). Each is one claimed batch (db/queries/maintenance-transitions.ts):
// whoever loses a race writes nothing, so a transition and its notice happen once.
import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { maintenanceTransitionStatements } from '../../db/queries/maintenance-transitions.ts';
import type { Maintenance, MaintenanceStatus } from '../../db/types.ts';
import { type MaintenanceEventKind, maintenanceNotice } from '../notify/maintenance-event.ts';

/** The messages Statuspage posts by itself when a window changes status. */
export const DEFAULT_MESSAGES = {
  in_progress: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
  verifying: 'Verification is currently underway for the maintenance items.',
  completed: 'The scheduled maintenance has been completed.',
  cancelled: 'This scheduled maintenance has been cancelled.',
} as const;

export type TransitionName = 'start' | 'verify' | 'resume' | 'complete' | 'cancel';

interface TransitionRule {
  from: readonly MaintenanceStatus[];
  to: MaintenanceStatus;
  components: 'start' | 'restore' | 'keep';
  event: MaintenanceEventKind;
}

// `verify` from scheduled starts the window too (its components go under maintenance).
const RULES: Record<TransitionName, TransitionRule> = {
  start: { from: ['scheduled'], to: 'in_progress', components: 'start', event: 'maintenance.started' },
  verify: { from: ['in_progress'], to: 'verifying', components: 'keep', event: 'maintenance.updated' },
  resume: { from: ['verifying'], to: 'in_progress', components: 'keep', event: 'maintenance.updated' },
  complete: {
    from: ['in_progress', 'verifying'],
    to: 'completed',
    components: 'restore',
    event: 'maintenance.completed',
  },
  cancel: { from: ['scheduled'], to: 'cancelled', components: 'keep', event: 'maintenance.cancelled' },
};

/** The transition that takes a maintenance from `from` to `to`, or null when there is none. */
export function transitionBetween(from: MaintenanceStatus, to: MaintenanceStatus): TransitionName | null {
  for (const [name, rule] of Object.entries(RULES) as [TransitionName, TransitionRule][]) {
    if (rule.to === to && rule.from.includes(from)) return name;
  }
  return null;
}

/** The statuses a transition may start from (for error messages). */
export function transitionSources(name: TransitionName): readonly MaintenanceStatus[] {
  return RULES[name].from;
}

export interface TransitionRequest {
  maintenance: Pick<Maintenance, 'id' | 'revision'>;
  name: TransitionName;
  /** Markdown for the update posted with it; Statuspage's default words when absent. */
  message?: string | undefined;
  /** False: no notice even when the maintenance notifies (an update posted quietly). */
  announce?: boolean;
  actor: string;
  now: string;
}

/**
 * Runs one transition; true when this caller made it, false when the maintenance was no longer
 * in a status it starts from (another scheduler or request got there first).
 */
export async function runMaintenanceTransition(db: Client, request: TransitionRequest): Promise<boolean> {
  const rule = RULES[request.name];
  const updateId = newId('mup');
  const body = request.message ?? DEFAULT_MESSAGES[rule.to as keyof typeof DEFAULT_MESSAGES];
  const notice =
    request.announce === false
      ? null
      : maintenanceNotice({
          kind: rule.event,
          maintenance_id: request.maintenance.id,
          update_id: updateId,
          revision: request.maintenance.revision,
        });
  const statements = maintenanceTransitionStatements({
    maintenanceId: request.maintenance.id,
    from: rule.from,
    to: rule.to,
    components: rule.components,
    update: { id: updateId, body },
    notice,
    actor: request.actor,
    action: `maintenance.${request.name}`,
    now: request.now,
  });
  await db.batch(statements, 'write');
  const check = await db.execute({
    sql: 'SELECT 1 FROM maintenance_updates WHERE id = :id',
    args: { id: updateId },
  });
  return check.rows.length === 1;
}
