import type { Client } from '@libsql/client';
import { findMissingComponentIds } from '../../db/queries/components.ts';
import type { IncidentTemplate } from '../../db/queries/incident-templates.ts';
import { ServiceError } from './errors.ts';
import type { ComponentStatusMap } from './incident-components.ts';
import { requireTemplate } from './incident-templates.ts';
import type { PostIncidentUpdateInput } from './incident-updates.ts';
import type { CreateIncidentInput } from './incidents.ts';

// A request that names a template: what the request gives wins, field by field; the template
// fills the rest. Whatever neither gives and is needed is a 400 naming the field.

export interface IncidentRequest extends Partial<CreateIncidentInput> {
  template_id?: string;
}

export interface UpdateRequest extends Partial<Omit<PostIncidentUpdateInput, 'incident_id'>> {
  incident_id: string;
  template_id?: string;
}

// A component deleted since the template was written drops out rather than block the responder;
// an empty map says nothing (on a resolving update, {} would mean "change no component").
async function templateComponents(
  db: Client,
  template: IncidentTemplate,
): Promise<ComponentStatusMap | undefined> {
  const entries = Object.entries(template.components);
  if (entries.length === 0) return undefined;
  const gone = new Set(
    await findMissingComponentIds(
      db,
      entries.map(([id]) => id),
    ),
  );
  return Object.fromEntries(entries.filter(([id]) => !gone.has(id)));
}

/** The 400 for the needed fields that are still undefined, each named by its pointer. */
function missingFields(needed: Record<string, unknown>, templateId: string | undefined): ServiceError {
  const missing = Object.keys(needed).filter((name) => needed[name] === undefined);
  const detail = templateId
    ? `Required: template ${templateId} does not give it either.`
    : 'Required (or give a template_id whose template has it).';
  return new ServiceError(
    'invalid',
    `Missing ${missing.join(', ')}; nothing was changed.`,
    missing.map((name) => ({ pointer: `/${name}`, detail })),
  );
}

/** The incident to open: the request, completed from its template when it names one. */
export async function fillIncidentFromTemplate(
  db: Client,
  request: IncidentRequest,
): Promise<CreateIncidentInput> {
  const { template_id: templateId, ...given } = request;
  let merged: IncidentRequest = given;
  if (templateId !== undefined) {
    const template = await requireTemplate(db, templateId);
    const components = given.components ?? (await templateComponents(db, template));
    merged = {
      ...given,
      name: given.name ?? template.title ?? undefined,
      status: given.status ?? template.status ?? undefined,
      impact: given.impact ?? template.impact ?? undefined,
      message: given.message ?? template.body ?? undefined,
      ...(components ? { components } : {}),
    };
  }
  const { name, status, impact, message } = merged;
  if (name === undefined || status === undefined || impact === undefined || message === undefined) {
    throw missingFields({ name, status, impact, message }, templateId);
  }
  return { ...merged, name, status, impact, message };
}

/** The update to post: the request, completed from its template when it names one. */
export async function fillUpdateFromTemplate(
  db: Client,
  request: UpdateRequest,
): Promise<PostIncidentUpdateInput> {
  const { template_id: templateId, ...given } = request;
  let merged: UpdateRequest = given;
  if (templateId !== undefined) {
    const template = await requireTemplate(db, templateId);
    const components = given.components ?? (await templateComponents(db, template));
    merged = {
      ...given,
      status: given.status ?? template.status ?? undefined,
      message: given.message ?? template.body ?? undefined,
      ...(components ? { components } : {}),
    };
  }
  const { status, message } = merged;
  if (status === undefined || message === undefined) {
    throw missingFields({ status, message }, templateId);
  }
  return { ...merged, status, message };
}
