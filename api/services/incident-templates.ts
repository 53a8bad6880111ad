import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  deleteIncidentTemplateStatement,
  getIncidentTemplate,
  type IncidentTemplate,
  type IncidentTemplateFields,
  insertIncidentTemplate,
  updateIncidentTemplateFields,
} from '../../db/queries/incident-templates.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';
import { requireKnownComponents } from './incident-components.ts';

export type CreateIncidentTemplateInput = Pick<IncidentTemplateFields, 'name'> &
  Partial<Omit<IncidentTemplateFields, 'name'>>;

export interface UpdateIncidentTemplateInput extends Partial<IncidentTemplateFields> {
  id: string;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'incident_template',
  resourceId: id,
  now: ctx.now,
});

export const unknownTemplate = (id: string): string => `No incident template has the id ${id}.`;

const duplicate = (name: string | undefined) => ({
  duplicate: `An incident template named ${JSON.stringify(name)} already exists.`,
});

export async function createIncidentTemplate(
  db: Client,
  input: CreateIncidentTemplateInput,
  ctx: ServiceContext,
): Promise<IncidentTemplate> {
  const components = input.components ?? {};
  await requireKnownComponents(db, Object.entries(components));
  const id = newId('tpl');
  const row = {
    id,
    name: input.name,
    title: input.title ?? null,
    body: input.body ?? null,
    status: input.status ?? null,
    impact: input.impact ?? null,
    components,
    now: ctx.now,
  };
  await runWriteBatch(
    db,
    withAuditEntry(auditTarget('incident_template.create', id, ctx), [insertIncidentTemplate(row)]),
    duplicate(input.name),
  );
  return requireFound(await getIncidentTemplate(db, id), unknownTemplate(id));
}

/** Changes the fields given; null clears an optional one. `components` replaces the whole map. */
export async function updateIncidentTemplate(
  db: Client,
  input: UpdateIncidentTemplateInput,
  ctx: ServiceContext,
): Promise<IncidentTemplate> {
  requireFound(await getIncidentTemplate(db, input.id), unknownTemplate(input.id));
  if (input.components) await requireKnownComponents(db, Object.entries(input.components));
  const change = updateIncidentTemplateFields({ ...input, now: ctx.now });
  await runWriteBatch(
    db,
    withAuditEntry(auditTarget('incident_template.update', input.id, ctx), [change]),
    duplicate(input.name),
  );
  return requireFound(await getIncidentTemplate(db, input.id), unknownTemplate(input.id));
}

export async function deleteIncidentTemplate(db: Client, id: string, ctx: ServiceContext): Promise<void> {
  requireFound(await getIncidentTemplate(db, id), unknownTemplate(id));
  await runWriteBatch(
    db,
    withAuditEntry(auditTarget('incident_template.delete', id, ctx), [deleteIncidentTemplateStatement(id)]),
  );
}

/**
 * The template a request names by `template_id`; an unknown id is the request's fault (400 at
 * /template_id), not a missing resource of the URL.
 */
export async function requireTemplate(db: Client, id: string): Promise<IncidentTemplate> {
  const template = await getIncidentTemplate(db, id);
  if (template) return template;
  throw new ServiceError('invalid', unknownTemplate(id), [
    { pointer: '/template_id', detail: unknownTemplate(id) },
  ]);
}
