import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  deleteWebhookStatements,
  getWebhook,
  insertWebhook,
  updateWebhookStatement,
  type Webhook,
  type WebhookFormat,
} from '../../db/queries/webhooks.ts';
import type { IncidentImpact } from '../../db/types.ts';
import { checkWebhookTarget, type TargetPolicy } from '../webhooks/target-guard.ts';
import type { ServiceContext } from './context.ts';
import { type FieldProblem, requireFound, runWriteBatch, ServiceError } from './errors.ts';

export interface CreateWebhookInput {
  url: string;
  format: WebhookFormat;
  /** Component and group ids; omitted or empty: the whole page. */
  components?: string[] | undefined;
  min_impact?: IncidentImpact | undefined;
}

export interface UpdateWebhookInput extends Partial<CreateWebhookInput> {
  id: string;
  enabled?: boolean | undefined;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'webhook',
  resourceId: id,
  now: ctx.now,
});

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/** Refuses a target the guard refuses and component ids that name neither a component nor a group. */
async function validate(db: Client, input: Partial<CreateWebhookInput>, policy: TargetPolicy): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.url !== undefined) {
    const problem = await checkWebhookTarget(input.url, policy);
    if (problem) problems.push({ pointer: '/url', detail: `The webhook URL ${problem}` });
  }
  const ids = input.components ?? [];
  if (ids.length > 0) {
    const result = await db.execute({
      sql: `SELECT id FROM components WHERE id IN (${ids.map(() => '?').join(', ')})
        UNION SELECT id FROM component_groups WHERE id IN (${ids.map(() => '?').join(', ')})`,
      args: [...ids, ...ids],
    });
    const known = new Set(result.rows.map((row) => String(row.id)));
    ids.forEach((id, index) => {
      if (!known.has(id)) {
        problems.push({ pointer: `/components/${index}`, detail: `No component or group has the id ${id}.` });
      }
    });
  }
  if (problems.length > 0) throw new ServiceError('invalid', 'The webhook cannot be saved.', problems);
}

/** Creates a webhook; the secret is returned here once and never shown again. */
export async function createWebhook(
  db: Client,
  input: CreateWebhookInput,
  ctx: ServiceContext,
  policy: TargetPolicy,
): Promise<{ webhook: Webhook; secret: string }> {
  await validate(db, input, policy);
  const id = newId('whk');
  const secret = newWebhookSecret();
  const insert = insertWebhook({
    id,
    url: input.url,
    format: input.format,
    components: [...new Set(input.components ?? [])],
    minImpact: input.min_impact ?? 'none',
    secret,
    now: ctx.now,
  });
  await runWriteBatch(db, withAuditEntry(auditTarget('webhook.create', id, ctx), [insert]));
  return { webhook: requireFound(await getWebhook(db, id), 'The webhook was deleted meanwhile.'), secret };
}

/** Changes the given fields; `enabled: true` re-enables a disabled webhook and clears its failures. */
export async function updateWebhook(
  db: Client,
  input: UpdateWebhookInput,
  ctx: ServiceContext,
  policy: TargetPolicy,
): Promise<Webhook> {
  requireFound(await getWebhook(db, input.id), `No webhook has the id ${input.id}.`);
  await validate(db, input, policy);
  const statement = updateWebhookStatement(
    input.id,
    {
      url: input.url,
      format: input.format,
      components: input.components ? [...new Set(input.components)] : undefined,
      minImpact: input.min_impact,
      enabled: input.enabled,
    },
    ctx.now,
  );
  await runWriteBatch(db, withAuditEntry(auditTarget('webhook.update', input.id, ctx), [statement]));
  return requireFound(await getWebhook(db, input.id), 'The webhook was deleted meanwhile.');
}

/** Deletes a webhook and its delivery log; deliveries still queued find it gone and are dropped. */
export async function deleteWebhook(db: Client, input: { id: string }, ctx: ServiceContext): Promise<void> {
  requireFound(await getWebhook(db, input.id), `No webhook has the id ${input.id}.`);
  const target = auditTarget('webhook.delete', input.id, ctx);
  await runWriteBatch(db, withAuditEntry(target, deleteWebhookStatements(input.id)));
}
