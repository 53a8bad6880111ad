import type { ApiClient } from './api-client.ts';
import { describeDue, minutesUntilDue } from './due.ts';
import { pickByNameOrId, resolveComponentId, resolveComponents } from './resolve.ts';

// What each command does against the admin API: plain functions of their options, returning
// the result (for --json) and the line a person reads.

export interface Result {
  json: unknown;
  text: string;
}

interface Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  started_at: string;
  updated_at: string;
  next_update_at?: string | null;
}

interface Template {
  id: string;
  name: string;
  status: string | null;
}

export interface WriteOptions {
  message?: string;
  status?: string;
  template?: string;
  /** `NAME=STATUS` assignments. */
  component?: string[];
  /** false with --no-notify. */
  notify: boolean;
}

async function findTemplate(api: ApiClient, ref: string | undefined): Promise<Template | undefined> {
  if (ref === undefined) return undefined;
  return pickByNameOrId(await api<Template[]>('GET', '/incident-templates'), ref, 'template');
}

// Only what was given goes in the body: the API (and the template) decide the rest.
const defined = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

export async function openIncident(
  api: ApiClient,
  options: WriteOptions & { name?: string; impact?: string; startedAt?: string },
): Promise<Result> {
  const template = await findTemplate(api, options.template);
  const incident = await api<Incident>(
    'POST',
    '/incidents',
    defined({
      template_id: template?.id,
      name: options.name,
      status: options.status,
      impact: options.impact,
      message: options.message,
      components: await resolveComponents(api, options.component ?? []),
      started_at: options.startedAt,
      deliver_notifications: options.notify ? undefined : false,
    }),
  );
  return {
    json: incident,
    text: `Opened ${incident.id}: ${incident.name} (${incident.status}, ${incident.impact} impact).`,
  };
}

export async function postUpdate(api: ApiClient, incidentId: string, options: WriteOptions): Promise<Result> {
  const template = await findTemplate(api, options.template);
  // "Still working on it" keeps the status: without one given, the incident's own is kept.
  let status = options.status;
  if (status === undefined && !template?.status) {
    status = (await api<Incident>('GET', `/incidents/${encodeURIComponent(incidentId)}`)).status;
  }
  const update = await api<{ id: string; status: string }>(
    'POST',
    `/incidents/${encodeURIComponent(incidentId)}/updates`,
    defined({
      template_id: template?.id,
      status,
      message: options.message,
      components: await resolveComponents(api, options.component ?? []),
      deliver_notifications: options.notify ? undefined : false,
    }),
  );
  return { json: update, text: `Posted ${update.id} to ${incidentId} (${update.status}).` };
}

export async function resolveIncident(
  api: ApiClient,
  incidentId: string,
  options: Omit<WriteOptions, 'status' | 'template'>,
): Promise<Result> {
  const update = await api<{ id: string }>(
    'POST',
    `/incidents/${encodeURIComponent(incidentId)}/updates`,
    defined({
      status: 'resolved',
      message: options.message ?? 'This incident has been resolved.',
      components: await resolveComponents(api, options.component ?? []),
      deliver_notifications: options.notify ? undefined : false,
    }),
  );
  return { json: update, text: `Resolved ${incidentId} (update ${update.id}).` };
}

export async function setComponentStatus(api: ApiClient, ref: string, status: string): Promise<Result> {
  const id = await resolveComponentId(api, ref);
  const component = await api<{ id: string; name: string; status: string }>(
    'PATCH',
    `/components/${encodeURIComponent(id)}`,
    { status },
  );
  return { json: component, text: `${component.name} (${component.id}) is now ${component.status}.` };
}

export async function listOpenIncidents(api: ApiClient, now: number): Promise<Result> {
  const incidents = await api<Incident[]>('GET', '/incidents?status=unresolved&limit=100');
  const rows = incidents.map((incident) => ({
    id: incident.id,
    name: incident.name,
    status: incident.status,
    impact: incident.impact,
    started_at: incident.started_at,
    updated_at: incident.updated_at,
    // null until the server promises update times, and once none is due.
    next_update_at: incident.next_update_at ?? null,
    due_in_minutes: minutesUntilDue(incident, now),
  }));
  const lines = rows.map((row) =>
    [
      row.id,
      row.impact.padEnd(8),
      row.status.padEnd(13),
      describeDue(row.due_in_minutes).padEnd(22),
      row.name,
    ].join('  '),
  );
  return { json: rows, text: lines.length ? lines.join('\n') : 'No open incidents.' };
}
