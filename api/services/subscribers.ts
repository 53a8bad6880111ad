import type { Client, InStatement } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  activateSubscriberStatement,
  insertSubscriberStatement,
  redactConfirmationTokensStatement,
  setMinImpactStatement,
} from '../../db/queries/subscriber-writes.ts';
import {
  deleteSubscriberStatement,
  getSubscriber,
  normaliseEmail,
  replaceTargetsStatements,
  type Subscriber,
} from '../../db/queries/subscribers.ts';
import type { IncidentImpact } from '../../db/types.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch } from './errors.ts';
import { confirmationFor, requireKnownTargets, type SubscriptionInput } from './subscriptions.ts';

// The admin's side of subscribers: every change is one audited batch.

export interface AddSubscriberInput extends SubscriptionInput {
  /** The admin vouches for consent: active at once, no confirmation email. */
  skip_confirmation: boolean;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'subscriber',
  resourceId: id,
  now: ctx.now,
});

/** The statements adding one subscriber (and its confirmation email unless skipped). */
export async function addSubscriberStatements(
  input: AddSubscriberInput,
  now: string,
): Promise<{ id: string; statements: InStatement[] }> {
  const id = newId('sub');
  const email = normaliseEmail(input.email);
  const statements: InStatement[] = [];
  const base = { id, email, minImpact: input.min_impact, now };
  if (input.skip_confirmation) {
    statements.push(
      insertSubscriberStatement({
        ...base,
        state: 'pending',
        confirmTokenHash: null,
        confirmExpiresAt: null,
      }),
      activateSubscriberStatement(id, now),
    );
  } else {
    const confirmation = await confirmationFor(id, now);
    statements.push(
      insertSubscriberStatement({
        ...base,
        state: 'pending',
        confirmTokenHash: confirmation.tokenHash,
        confirmExpiresAt: confirmation.expiresAt,
      }),
      confirmation.outbox,
    );
  }
  statements.push(...replaceTargetsStatements(id, input.components));
  return { id, statements };
}

/** Adds a subscriber; an address already known is a conflict. */
export async function addSubscriber(
  db: Client,
  input: AddSubscriberInput,
  ctx: ServiceContext,
): Promise<Subscriber> {
  await requireKnownTargets(db, input.components);
  const { id, statements } = await addSubscriberStatements(input, ctx.now);
  await runWriteBatch(db, withAuditEntry(auditTarget('subscriber.create', id, ctx), statements), {
    duplicate: 'This address is already a subscriber.',
    reference: 'A component or group named was deleted meanwhile; retry.',
  });
  return requireFound(await getSubscriber(db, id), `No subscriber has the id ${id}.`);
}

export interface SubscriberChange {
  /** Component and group ids; null: the whole page; undefined: unchanged. */
  components?: string[] | null | undefined;
  min_impact?: IncidentImpact | undefined;
}

/**
 * Changes what a subscriber hears of, as their manage link would (for an address that asked by
 * other means): the components followed and the impact threshold. Its state is left alone.
 */
export async function updateSubscriber(
  db: Client,
  id: string,
  change: SubscriberChange,
  ctx: ServiceContext,
): Promise<Subscriber> {
  const current = requireFound(await getSubscriber(db, id), `No subscriber has the id ${id}.`);
  if (change.components) await requireKnownTargets(db, change.components);
  // Always written, for its updated_at, with the threshold as it is when not changed.
  const statements = [setMinImpactStatement(id, change.min_impact ?? current.min_impact, ctx.now)];
  if (change.components !== undefined) statements.push(...replaceTargetsStatements(id, change.components));
  await runWriteBatch(db, withAuditEntry(auditTarget('subscriber.update', id, ctx), statements), {
    reference: 'A component or group named was deleted meanwhile; retry.',
  });
  return requireFound(await getSubscriber(db, id), `No subscriber has the id ${id}.`);
}

/** Deletes a subscriber and its targets; returns it as it was. */
export async function deleteSubscriber(db: Client, id: string, ctx: ServiceContext): Promise<Subscriber> {
  const current = requireFound(await getSubscriber(db, id), `No subscriber has the id ${id}.`);
  await runWriteBatch(
    db,
    withAuditEntry(auditTarget('subscriber.delete', id, ctx), [
      redactConfirmationTokensStatement(id),
      deleteSubscriberStatement(id),
    ]),
  );
  return current;
}
