// The two confirmation steps of the post-mortem screen: publishing the saved draft (what readers
// will see, which version, who hears of it) and waiving the post-mortem of an incident that needs
// none. Both are a page with one form, so they work with JavaScript off.
import type { Client } from '@libsql/client';
import type { Context } from 'hono';
import { getIncident } from '../../../db/queries/incidents.ts';
import type { IncidentImpact, IncidentWithDetails, Postmortem } from '../../../db/types.ts';
import { renderPostmortemHtml } from '../../../site/lib/postmortem-html.ts';
import { newlyCompletedItems } from '../../services/postmortems.ts';
import { html, SafeHtml } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type FormErrors } from '../form.ts';
import { consolePage, csrfField } from '../layout.ts';
import { audienceSize } from './incident-preview.ts';
import { PM_PATH } from './postmortem-editor.ts';

const IMPACT_ORDER: readonly IncidentImpact[] = ['none', 'minor', 'major', 'critical'];

/** The report as the page will show it: the one renderer, the same as the API's preview. */
export function reportPreview(
  report: Parameters<typeof renderPostmortemHtml>[0],
  title = 'Preview',
): SafeHtml {
  return html`<section class="preview" aria-labelledby="pm-preview-title"><h2 id="pm-preview-title">${title}</h2>
<div class="pm-report">${new SafeHtml(renderPostmortemHtml(report))}</div></section>`;
}

interface PublishPlan {
  version: number;
  completed: string[];
  open: IncidentWithDetails[];
  /** Nothing to publish: the draft is the newest version and every incident shows it already. */
  unchanged: boolean;
  reach: number;
}

// Who the announcement would reach: the subscribers of every affected component of every covered
// incident (and whole-page subscribers) whose threshold the worst impact meets, as the fan-out does.
async function planOf(db: Client, postmortem: Postmortem): Promise<PublishPlan> {
  const incidents = (await Promise.all(postmortem.incident_ids.map((id) => getIncident(db, id)))).filter(
    (incident): incident is IncidentWithDetails => incident !== null,
  );
  const worst = incidents.reduce<IncidentImpact>(
    (impact, incident) =>
      IMPACT_ORDER.indexOf(incident.impact) > IMPACT_ORDER.indexOf(impact) ? incident.impact : impact,
    'none',
  );
  const components = [...new Set(incidents.flatMap((incident) => incident.component_ids))];
  const previous = postmortem.versions.at(-1);
  return {
    version: (postmortem.published_version ?? 0) + 1,
    completed: previous ? newlyCompletedItems(previous.action_items, postmortem.action_items) : [],
    open: incidents.filter((incident) => incident.status !== 'resolved' && incident.status !== 'postmortem'),
    unchanged:
      previous !== undefined &&
      previous.body === postmortem.body &&
      JSON.stringify(previous.action_items) === JSON.stringify(postmortem.action_items) &&
      incidents.every((incident) => incident.status === 'postmortem'),
    reach: await audienceSize(db, components, worst),
  };
}

export async function publishPage(
  c: Context<ConsoleEnv>,
  incident: IncidentWithDetails,
  postmortem: Postmortem,
  options: { errors?: FormErrors | null; notify?: boolean; status?: 200 | 400 | 404 | 409 } = {},
): Promise<Response> {
  const plan = await planOf(c.var.db, postmortem);
  const kind =
    plan.version === 1
      ? 'the post-mortem'
      : plan.completed.length > 0
        ? `a follow-up: done now, ${plan.completed.join('; ')}`
        : 'an updated post-mortem';
  // A first publication and a follow-up are news; a correction of wording usually is not.
  const notify = options.notify ?? (plan.version === 1 || plan.completed.length > 0);
  const blocked =
    plan.open.length > 0
      ? html`<p class="alert" role="note">Resolve ${plan.open.map((open) => open.name).join(', ')} first: every incident a post-mortem covers must be resolved.</p>`
      : plan.unchanged && !options.errors
        ? html`<p class="alert" role="note">Nothing changed since version ${plan.version - 1}: edit the draft first.</p>`
        : html``;
  const body = html`<h1>Publish version ${plan.version}?</h1>${errorSummary(options.errors)}${blocked}
<p>Readers of the status page will see ${kind} for ${incident.name}. Every version is kept; later edits are published as new versions.</p>
${reportPreview(postmortem, 'What readers will see')}
<form method="post" action="${PM_PATH}/${incident.id}/publish">${csrfField(c)}
<label class="check"><input type="checkbox" name="notify" value="on"${notify ? html` checked` : html``}>Notify subscribers (${plan.reach} subscriber${plan.reach === 1 ? '' : 's'} and the matching webhooks)</label>
<div class="actions"><button type="submit">Publish version ${plan.version}</button>
<a class="button secondary" href="${PM_PATH}/${incident.id}">Back to the editor</a></div></form>`;
  return consolePage(c, {
    title: `Publish the post-mortem: ${incident.name}`,
    current: PM_PATH,
    body,
    status: options.status ?? 200,
  });
}

export function waiverPage(
  c: Context<ConsoleEnv>,
  incident: IncidentWithDetails,
  errors: FormErrors | null = null,
  status: 200 | 400 | 404 | 409 = 200,
): Response {
  const body = html`<h1>No post-mortem for ${incident.name}?</h1>${errorSummary(errors)}
<p>Its reminders to publish a post-mortem stop. A post-mortem can still be written and published later.</p>
<form method="post" action="${PM_PATH}/${incident.id}/waive">${csrfField(c)}
<div class="actions"><button type="submit" class="danger">No post-mortem needed</button>
<a class="button secondary" href="${PM_PATH}">Keep it on the list</a></div></form>`;
  return consolePage(c, { title: `No post-mortem: ${incident.name}`, current: PM_PATH, body, status });
}
