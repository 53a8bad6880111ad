// Post-mortems: a draft per incident (or per group of incidents with one root cause), published as
// numbered versions. Publishing moves every incident it covers to `postmortem`, in the same
// audited batch as the version, and with `notify` enqueues the announcement on the outbox.
import type { Client, InStatement } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import { listComponents } from '../../db/queries/components.ts';
import { getIncident, setIncidentStatus } from '../../db/queries/incidents.ts';
import { getPage } from '../../db/queries/page.ts';
import {
  deletePostmortemStatements,
  getPostmortem,
  getPostmortemOfIncident,
  insertPostmortemStatement,
  listIncidentsCoveredElsewhere,
  publishPostmortemStatements,
  replacePostmortemIncidentsStatements,
  unpublishedIncidentStatement,
  updatePostmortemDraftStatement,
} from '../../db/queries/postmortems.ts';
import type { ActionItem, IncidentWithDetails, Postmortem } from '../../db/types.ts';
import { resolveTimeZone } from '../../site/lib/time.ts';
import { incidentNotifyStatement } from '../notify/incident-event.ts';
import { postmortemTemplate } from '../postmortems/template.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError, toJsonPointer } from './errors.ts';
import { unknownIncident } from './incidents.ts';

export interface SavePostmortemInput {
  incident_id: string;
  body: string;
  action_items: ActionItem[];
  /** Every incident it covers; the one in the path must be among them. Default: as saved, or that one. */
  incident_ids?: string[];
}

/** What the admin API shows: the saved post-mortem, or for a new one the template. */
export interface PostmortemDraft {
  postmortem: Postmortem | null;
  incident_ids: string[];
  body: string;
  action_items: ActionItem[];
}

const audit = (
  action: string,
  resourceType: 'postmortem' | 'incident',
  id: string,
  ctx: ServiceContext,
): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType,
  resourceId: id,
  now: ctx.now,
});

async function requireIncident(db: Client, id: string): Promise<IncidentWithDetails> {
  return requireFound(await getIncident(db, id), unknownIncident(id));
}

/** The template for new drafts, filled from these incidents. */
async function templateFor(db: Client, incidents: readonly IncidentWithDetails[]): Promise<string> {
  const [page, components] = await Promise.all([getPage(db), listComponents(db)]);
  return postmortemTemplate({
    incidents,
    componentNames: new Map(components.map((component) => [component.id, component.name])),
    timeZone: resolveTimeZone(page?.time_zone ?? 'UTC'),
  });
}

/** The incident's post-mortem as saved, or a new draft from the template. 404 for an unknown incident. */
export async function readPostmortemDraft(db: Client, incidentId: string): Promise<PostmortemDraft> {
  const incident = await requireIncident(db, incidentId);
  const postmortem = await getPostmortemOfIncident(db, incidentId);
  if (postmortem) return { postmortem, ...postmortem };
  return {
    postmortem: null,
    incident_ids: [incidentId],
    body: await templateFor(db, [incident]),
    action_items: [],
  };
}

// The incidents a save covers, checked: all exist, the path's is among them, none belongs to
// another post-mortem, and a published post-mortem keeps every incident it was published for.
async function coveredIncidents(
  db: Client,
  input: SavePostmortemInput,
  current: Postmortem | null,
): Promise<string[]> {
  const ids = [...new Set(input.incident_ids ?? current?.incident_ids ?? [input.incident_id])];
  const problems: { pointer: string; detail: string }[] = [];
  if (!ids.includes(input.incident_id)) {
    problems.push({
      pointer: '/incident_ids',
      detail: `Must include ${input.incident_id}, the incident in the path.`,
    });
  }
  for (const [index, id] of ids.entries()) {
    if (!(await getIncident(db, id)))
      problems.push({ pointer: toJsonPointer(['incident_ids', index]), detail: unknownIncident(id) });
  }
  if (current?.published_version) {
    for (const id of current.incident_ids.filter((kept) => !ids.includes(kept))) {
      problems.push({
        pointer: '/incident_ids',
        detail: `${id} was published with this post-mortem and stays covered by it.`,
      });
    }
  }
  if (problems.length > 0)
    throw new ServiceError('invalid', 'The incidents of the post-mortem are not valid.', problems);
  const elsewhere = await listIncidentsCoveredElsewhere(db, ids, current?.id ?? null);
  if (elsewhere.size > 0) {
    const [id, other] = [...elsewhere][0] ?? [];
    throw new ServiceError('conflict', `Incident ${id} is already covered by post-mortem ${other}.`);
  }
  return ids;
}

/** Saves the draft (creating the post-mortem on first save). Readers see nothing until it is published. */
export async function savePostmortemDraft(
  db: Client,
  input: SavePostmortemInput,
  ctx: ServiceContext,
): Promise<Postmortem> {
  await requireIncident(db, input.incident_id);
  const current = await getPostmortemOfIncident(db, input.incident_id);
  const ids = await coveredIncidents(db, input, current);
  const id = current?.id ?? newId('pm');
  const row = { id, body: input.body, actionItems: input.action_items, now: ctx.now };
  const statements: InStatement[] = [
    current ? updatePostmortemDraftStatement(row) : insertPostmortemStatement(row),
    ...replacePostmortemIncidentsStatements(id, ids),
  ];
  const action = current ? 'postmortem.update' : 'postmortem.create';
  await runWriteBatch(db, withAuditEntry(audit(action, 'postmortem', id, ctx), statements), {
    duplicate: 'Another post-mortem was just saved for one of these incidents; read it and retry.',
  });
  return requireFound(await getPostmortem(db, id), `No post-mortem has the id ${id}.`);
}

const sameItems = (a: readonly ActionItem[], b: readonly ActionItem[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/** Titles of the items the draft marks done that the published version did not. */
export function newlyCompletedItems(previous: readonly ActionItem[], next: readonly ActionItem[]): string[] {
  const doneBefore = new Set(previous.filter((item) => item.status === 'done').map((item) => item.title));
  return next
    .filter((item) => item.status === 'done' && !doneBefore.has(item.title))
    .map((item) => item.title);
}

async function requirePublishable(db: Client, postmortem: Postmortem): Promise<IncidentWithDetails[]> {
  const incidents = await Promise.all(postmortem.incident_ids.map((id) => requireIncident(db, id)));
  const open = incidents.filter(
    (incident) => incident.status !== 'resolved' && incident.status !== 'postmortem',
  );
  if (open.length > 0) {
    throw new ServiceError(
      'conflict',
      `Resolve ${open.map((incident) => incident.id).join(', ')} before publishing its post-mortem.`,
    );
  }
  const latest = postmortem.versions.at(-1);
  const unchanged =
    latest &&
    latest.body === postmortem.body &&
    sameItems(latest.action_items, postmortem.action_items) &&
    incidents.every((incident) => incident.status === 'postmortem');
  if (unchanged)
    throw new ServiceError('conflict', `Nothing changed since version ${latest.version} was published.`);
  return incidents;
}

/**
 * Publishes the saved draft as the next version: every incident it covers becomes `postmortem`.
 * With `notify`, subscribers and webhooks of the affected components hear of it (once per
 * version): the post-mortem itself for the first version, a follow-up when a later one marks
 * action items done, an update notice otherwise.
 */
export async function publishPostmortem(
  db: Client,
  input: { incident_id: string; notify: boolean },
  ctx: ServiceContext,
): Promise<Postmortem> {
  await requireIncident(db, input.incident_id);
  const postmortem = await getPostmortemOfIncident(db, input.incident_id);
  if (!postmortem)
    throw new ServiceError('conflict', 'There is no draft to publish: save one with PUT first.');
  const incidents = await requirePublishable(db, postmortem);
  const version = (postmortem.published_version ?? 0) + 1;
  const previous = postmortem.versions.at(-1);
  const completed = previous ? newlyCompletedItems(previous.action_items, postmortem.action_items) : [];
  const row = {
    id: postmortem.id,
    version,
    completedItems: completed,
    notified: input.notify,
    actor: ctx.actor,
    now: ctx.now,
  };
  const statements = withAuditEntry(
    audit('postmortem.publish', 'postmortem', postmortem.id, ctx),
    publishPostmortemStatements(row),
  );
  if (input.notify) {
    const kind = completed.length > 0 ? 'postmortem.follow_up' : 'postmortem.published';
    const first = postmortem.incident_ids[0] ?? input.incident_id;
    const event = {
      kind,
      incident_id: first,
      update_id: null,
      postmortem: { id: postmortem.id, version },
    } as const;
    statements.push(incidentNotifyStatement(event, ctx.now));
  }
  for (const incident of incidents.filter((candidate) => candidate.status !== 'postmortem')) {
    const change = setIncidentStatus({ id: incident.id, status: 'postmortem', now: ctx.now });
    statements.push(...withAuditEntry(audit('incident.postmortem', 'incident', incident.id, ctx), [change]));
  }
  try {
    await runWriteBatch(db, statements, { duplicate: 'This version was just published by another request.' });
  } catch (error) {
    // db/migrations/0015: an incident reopened after the check above; nothing was written.
    if (error instanceof Error && error.message.includes('incident reopened')) {
      throw new ServiceError(
        'conflict',
        'An incident this post-mortem covers was reopened meanwhile: resolve it, then publish.',
      );
    }
    throw error;
  }
  return requireFound(await getPostmortem(db, postmortem.id), `No post-mortem has the id ${postmortem.id}.`);
}

/**
 * Deletes the post-mortem covering this incident: the draft and every published version. Its
 * page and feed items go at the next build, and the incidents it covered are `resolved` again.
 * What was already sent stays sent. Returns it as it was; 404 when there is none.
 */
export async function deletePostmortem(
  db: Client,
  incidentId: string,
  ctx: ServiceContext,
): Promise<Postmortem> {
  await requireIncident(db, incidentId);
  const postmortem = requireFound(
    await getPostmortemOfIncident(db, incidentId),
    `Incident ${incidentId} has no post-mortem.`,
  );
  // Each covered incident's status change is audited as publishing audits it (incident.postmortem).
  const covered = await Promise.all(postmortem.incident_ids.map((id) => getIncident(db, id)));
  const restored = covered
    .filter((incident): incident is IncidentWithDetails => incident?.status === 'postmortem')
    .flatMap((incident) =>
      withAuditEntry(audit('incident.postmortem_deleted', 'incident', incident.id, ctx), [
        unpublishedIncidentStatement(incident.id, ctx.now),
      ]),
    );
  await runWriteBatch(db, [
    ...restored,
    ...withAuditEntry(
      audit('postmortem.delete', 'postmortem', postmortem.id, ctx),
      deletePostmortemStatements(postmortem.id, ctx.now),
    ),
  ]);
  return postmortem;
}
