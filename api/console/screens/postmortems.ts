// Post-mortems: the list (resolved incidents that still owe one, drafts, published ones), the
// editor of an incident's post-mortem, its publication and the waiver. The same services and body
// schema as /admin/v1/incidents/{id}/postmortem, so the console saves exactly what the API saves.
import type { Context } from 'hono';
import { getIncident } from '../../../db/queries/incidents.ts';
import { getPage } from '../../../db/queries/page.ts';
import {
  listIncidentsWithoutPostmortem,
  listPostmortemSummaries,
  listResolvedIncidentsForCover,
} from '../../../db/queries/postmortem-overview.ts';
import { getPostmortemOfIncident } from '../../../db/queries/postmortems.ts';
import type { IncidentWithDetails, Postmortem } from '../../../db/types.ts';
import { owesPostmortem } from '../../cadence/policy.ts';
import { SavePostmortemBody } from '../../routes/admin/postmortem-schemas.ts';
import { toView } from '../../routes/admin/postmortems.ts';
import { waivePostmortem } from '../../services/incidents.ts';
import {
  deletePostmortem,
  publishPostmortem,
  readPostmortemDraft,
  savePostmortemDraft,
} from '../../services/postmortems.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import type { FormErrors } from '../form.ts';
import { consolePage, csrfField } from '../layout.ts';
import { DONE, type EditorState, editorPage, PM_PATH } from './postmortem-editor.ts';
import {
  errorsByRow,
  rearrangedRows,
  sameAsSaved,
  saveFieldsOf,
  valuesFromDraft,
  valuesFromForm,
} from './postmortem-form.ts';
import { postmortemList } from './postmortem-list.ts';
import { publishPage, reportPreview, waiverPage } from './postmortem-publish.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, submit, submitDelete } from './shared.ts';

/** How many resolved incidents the "covers" picker offers (newest first). */
const COVER_CHOICES = 50;

type EditorOverrides = Partial<Pick<EditorState, 'values' | 'errors' | 'preview' | 'status'>>;

async function renderEditor(
  c: Context<ConsoleEnv>,
  incident: IncidentWithDetails,
  overrides: EditorOverrides = {},
): Promise<Response> {
  const db = c.var.db;
  const [draft, page, coverable] = await Promise.all([
    readPostmortemDraft(db, incident.id),
    getPage(db),
    listResolvedIncidentsForCover(db, COVER_CHOICES),
  ]);
  const values = overrides.values ?? valuesFromDraft(draft);
  const listed = new Set(coverable.map((candidate) => candidate.id));
  const names = new Map<string, string>();
  for (const id of values.incidentIds.filter((covered) => !listed.has(covered))) {
    const covered = await getIncident(db, id);
    if (covered) names.set(id, covered.name);
  }
  return editorPage(c, {
    incident,
    view: toView(draft, page?.url ?? ''),
    values,
    coverable,
    names,
    owes: owesPostmortem(incident),
    errors: overrides.errors ?? null,
    preview: overrides.preview ?? null,
    ...(overrides.status ? { status: overrides.status } : {}),
  });
}

async function submitEditor(c: Context<ConsoleEnv>, incident: IncidentWithDetails): Promise<Response> {
  const form = c.var.form;
  const values = valuesFromForm(form, incident.id);
  const rearranged = rearrangedRows(form, values.rows);
  if (rearranged) {
    c.set('publicDataUnchanged', true);
    return renderEditor(c, incident, { values: { ...values, rows: rearranged } });
  }
  const { fields, rowOfItem } = saveFieldsOf(values);
  const again = (errors: FormErrors, status: 400 | 404 | 409) =>
    renderEditor(c, incident, { values, errors: errorsByRow(errors, rowOfItem), status });
  const intent = form.get('intent');
  if (intent === 'preview') {
    c.set('publicDataUnchanged', true);
    return submit(async () => {
      const report = validateInput(SavePostmortemBody, fields, 'form');
      return renderEditor(c, incident, { values, preview: reportPreview(report) });
    }, again);
  }
  return submit(async () => {
    const body = validateInput(SavePostmortemBody, fields, 'form');
    const saved = await getPostmortemOfIncident(c.var.db, incident.id);
    if (!saved || !sameAsSaved({ ...body, incident_ids: body.incident_ids ?? [] }, saved)) {
      await savePostmortemDraft(c.var.db, { incident_id: incident.id, ...body }, actorContext(c));
    }
    // A draft is invisible to readers: nothing public to rebuild.
    c.set('publicDataUnchanged', true);
    const next =
      intent === 'publish' ? `${PM_PATH}/${incident.id}/publish` : `${PM_PATH}/${incident.id}?done=saved`;
    return c.redirect(next, 303);
  }, again);
}

async function submitPublish(c: Context<ConsoleEnv>, incident: IncidentWithDetails): Promise<Response> {
  const notify = c.var.form.has('notify');
  return submit(
    async () => {
      await publishPostmortem(c.var.db, { incident_id: incident.id, notify }, actorContext(c));
      return c.redirect(`${PM_PATH}/${incident.id}?done=published`, 303);
    },
    async (errors, status) => {
      const postmortem = await getPostmortemOfIncident(c.var.db, incident.id);
      if (!postmortem) return renderEditor(c, incident, { errors, status });
      return publishPage(c, incident, postmortem, { errors, notify, status });
    },
  );
}

function missing(c: Context<ConsoleEnv>): Response {
  return consolePage(c, {
    title: 'Not found',
    current: PM_PATH,
    status: 404,
    body: html`<h1>No such incident</h1><p><a href="${PM_PATH}">All post-mortems</a></p>`,
  });
}

/** Runs `then` with the incident of the path, or answers the not-found page. */
async function withIncident(
  c: Context<ConsoleEnv>,
  then: (incident: IncidentWithDetails) => Promise<Response> | Response,
): Promise<Response> {
  const incident = await getIncident(c.var.db, c.req.param('id') ?? '');
  return incident ? then(incident) : missing(c);
}

// Confirmed on its own page, as other deletes are: what goes, and what stays (what was sent).
function deletePage(c: Context<ConsoleEnv>, incident: IncidentWithDetails, postmortem: Postmortem): Response {
  const published = postmortem.published_version !== null;
  const covered = postmortem.incident_ids.length;
  return consolePage(c, {
    title: `Delete the post-mortem of ${incident.name}`,
    current: PM_PATH,
    body: html`<h1>Delete the post-mortem of “${incident.name}”?</h1>
<p>${published ? html`Its page, its feed items and its text in the public JSON go at the next build, with all ${postmortem.versions.length} published version${postmortem.versions.length === 1 ? '' : 's'}; the ${covered === 1 ? 'incident is' : `${covered} incidents it covers are`} resolved again. Emails and webhooks already sent stay sent.` : html`The draft is discarded; nothing was published.`} This cannot be undone.</p>
<form method="post" action="${PM_PATH}/${incident.id}/delete">${csrfField(c)}<div class="actions"><button type="submit" class="danger">Delete this post-mortem</button>
<a class="button secondary" href="${PM_PATH}/${incident.id}">Keep it</a></div></form>`,
  });
}

export const postmortemsScreen: ConsoleScreen = {
  label: 'Post-mortems',
  path: PM_PATH,
  scope: 'responder',
  mount(app) {
    app.get(PM_PATH, async (c) => {
      const db = c.var.db;
      const [owed, summaries, page] = await Promise.all([
        listIncidentsWithoutPostmortem(db, 100),
        listPostmortemSummaries(db, 100),
        getPage(db),
      ]);
      const body: SafeHtml = postmortemList({
        owed: owed.filter(owesPostmortem),
        summaries,
        deadlineHours: page?.postmortem_deadline_hours ?? 48,
        now: c.var.now(),
        done: DONE[c.req.query('done') ?? ''],
      });
      return consolePage(c, { title: 'Post-mortems', current: PM_PATH, body });
    });
    app.get(`${PM_PATH}/:id`, (c) => withIncident(c, (incident) => renderEditor(c, incident)));
    app.post(`${PM_PATH}/:id`, (c) => withIncident(c, (incident) => submitEditor(c, incident)));
    app.get(`${PM_PATH}/:id/publish`, (c) =>
      withIncident(c, async (incident) => {
        const postmortem = await getPostmortemOfIncident(c.var.db, incident.id);
        return postmortem
          ? publishPage(c, incident, postmortem)
          : c.redirect(`${PM_PATH}/${incident.id}`, 303);
      }),
    );
    app.post(`${PM_PATH}/:id/publish`, (c) => withIncident(c, (incident) => submitPublish(c, incident)));
    app.get(`${PM_PATH}/:id/delete`, (c) =>
      withIncident(c, async (incident) => {
        const postmortem = await getPostmortemOfIncident(c.var.db, incident.id);
        return postmortem
          ? deletePage(c, incident, postmortem)
          : c.redirect(`${PM_PATH}/${incident.id}`, 303);
      }),
    );
    app.post(`${PM_PATH}/:id/delete`, (c) =>
      submitDelete(c, () => deletePostmortem(c.var.db, c.req.param('id'), actorContext(c)), {
        path: PM_PATH,
        label: 'post-mortems',
      }),
    );
    app.get(`${PM_PATH}/:id/waive`, (c) => withIncident(c, (incident) => waiverPage(c, incident)));
    app.post(`${PM_PATH}/:id/waive`, (c) =>
      withIncident(c, (incident) =>
        submit(
          async () => {
            await waivePostmortem(c.var.db, { id: incident.id }, actorContext(c));
            // The waiver is for the reminders; nothing public shows it.
            c.set('publicDataUnchanged', true);
            return c.redirect(`${PM_PATH}?done=waived`, 303);
          },
          (errors, status) => waiverPage(c, incident, errors, status),
        ),
      ),
    );
  },
};
