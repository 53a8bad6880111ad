// An incident's lead (who is reminded when a public update is due) and its own update cadence:
// the fields of the Open an incident form, and the "Lead and cadence" form of an open incident
// (the admin API's PATCH /incidents/{id} with lead and update_cadence_minutes). An email session
// proposes its member as the lead, so reminders name a person; a token session proposes nobody,
// and the API then makes the page's escalation_email the lead, as it does for API calls.
import type { Context } from 'hono';
import { getIncident } from '../../../db/queries/incidents.ts';
import { listMembers } from '../../../db/queries/members.ts';
import { getPage } from '../../../db/queries/page.ts';
import type { IncidentLead, IncidentWithDetails, Member } from '../../../db/types.ts';
import { DEFAULT_CADENCE_SETTINGS, nextUpdateAt } from '../../cadence/policy.ts';
import { UpdateIncidentBody } from '../../routes/admin/incidents.ts';
import { scopeIncludes } from '../../services/admin-tokens.ts';
import { updateIncident } from '../../services/incidents.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import { nextUpdateCountdown } from '../countdown.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, submit } from './shared.ts';

/** "Ann Lee <ann@example.com>", the address alone, or "no lead". */
export function leadWords(lead: IncidentLead | null): string {
  if (!lead) return 'no lead';
  return lead.name ? `${lead.name} <${lead.email}>` : lead.email;
}

/** A number field as the schema should see it: absent when empty, a number when it is one. */
export function numberField(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

// Members' addresses are admin data: only an admin session gets them as suggestions.
async function membersFor(c: Context<ConsoleEnv>): Promise<Member[]> {
  return scopeIncludes(c.var.session.scope, 'admin') ? listMembers(c.var.db) : [];
}

/**
 * The lead a form names: undefined when its address is left empty, else the address with the
 * name typed, or the member's name when the address is a member's.
 */
function leadOf(form: Form, members: readonly Member[]): { email: string; name: string | null } | undefined {
  const email = form.get('lead_email').trim();
  if (email === '') return undefined;
  const typed = form.get('lead_name').trim();
  const member = members.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
  return { email, name: typed || member?.name || null };
}

interface LeadValues {
  email: string;
  name: string;
  cadence: string;
}

function leadFieldsHtml(values: LeadValues, members: readonly Member[], errors: FormErrors | null): SafeHtml {
  const options = members.map((member) => html`<option value="${member.email}">${member.name}</option>`);
  return html`<fieldset><legend>Lead and update cadence</legend>
<label for="lead_email">Lead’s email</label>
<input id="lead_email" name="lead_email" type="email" autocomplete="off"${members.length > 0 ? html` list="lead-members"` : html``} value="${values.email}" aria-describedby="lead_email-help"${invalidAttrs(errors, '/lead/email', 'lead_email')}>
${members.length > 0 ? html`<datalist id="lead-members">${options}</datalist>` : html``}<p class="muted" id="lead_email-help">Reminded by email when a public update is due. Empty: the page’s escalation contact, if it has one.</p>${fieldError(errors, '/lead/email', 'lead_email')}
<label for="lead_name">How reminders call the lead (optional)</label>
<input id="lead_name" name="lead_name" type="text" value="${values.name}"${invalidAttrs(errors, '/lead/name', 'lead_name')}>${fieldError(errors, '/lead/name', 'lead_name')}
<label for="update_cadence_minutes">Minutes between public updates (optional)</label>
<input id="update_cadence_minutes" name="update_cadence_minutes" type="number" min="1" step="1" inputmode="numeric" value="${values.cadence}" aria-describedby="update_cadence_minutes-help"${invalidAttrs(errors, '/update_cadence_minutes', 'update_cadence_minutes')}>
<p class="muted" id="update_cadence_minutes-help">Empty: the page’s cadence for the incident’s impact.</p>${fieldError(errors, '/update_cadence_minutes', 'update_cadence_minutes')}
</fieldset>`;
}

/** The lead and cadence fields of the Open an incident form: the signed-in member by default. */
export async function openLeadFields(
  c: Context<ConsoleEnv>,
  form: Form | null,
  errors: FormErrors | null,
): Promise<SafeHtml> {
  const member = c.var.session.member;
  const values = form
    ? {
        email: form.get('lead_email'),
        name: form.get('lead_name'),
        cadence: form.get('update_cadence_minutes'),
      }
    : { email: member?.email ?? '', name: member?.name ?? '', cadence: '' };
  return leadFieldsHtml(values, await membersFor(c), errors);
}

/** What the Open an incident form adds to the API body: lead and cadence, when given. */
export async function openLeadInput(
  c: Context<ConsoleEnv>,
  form: Form,
): Promise<{ lead?: { email: string; name: string | null }; update_cadence_minutes?: number | string }> {
  const lead = leadOf(form, await membersFor(c));
  const cadence = numberField(form.get('update_cadence_minutes'));
  return { ...(lead ? { lead } : {}), ...(cadence === undefined ? {} : { update_cadence_minutes: cadence }) };
}

// ---- Lead and cadence of an incident (PATCH /incidents/{id}) ----

const path = (id: string) => `/admin/incidents/${id}/lead`;

/** The form itself; on the Post an update page and on its own page (where errors are shown). */
async function leadForm(
  c: Context<ConsoleEnv>,
  incident: IncidentWithDetails,
  form: Form | null,
  errors: FormErrors | null,
): Promise<SafeHtml> {
  const values = form
    ? {
        email: form.get('lead_email'),
        name: form.get('lead_name'),
        cadence: form.get('update_cadence_minutes'),
      }
    : {
        email: incident.lead?.email ?? '',
        name: incident.lead?.name ?? '',
        cadence: incident.update_cadence_minutes === null ? '' : String(incident.update_cadence_minutes),
      };
  return html`<form method="post" action="${path(incident.id)}">${csrfField(c)}
${leadFieldsHtml(values, await membersFor(c), errors)}
<div class="actions"><button type="submit" class="secondary">Save lead and cadence</button></div></form>`;
}

/** For the Post an update page: who leads, when the next update is due, and the form to change it. */
export async function leadSection(c: Context<ConsoleEnv>, incident: IncidentWithDetails): Promise<SafeHtml> {
  const page = (await getPage(c.var.db)) ?? { ...DEFAULT_CADENCE_SETTINGS, time_zone: 'UTC' };
  const due = nextUpdateAt(incident, page);
  return html`<p>Lead: ${leadWords(incident.lead)}<br>${nextUpdateCountdown(due, c.var.now(), page.time_zone)}</p>
<details><summary>Change lead or cadence</summary>${await leadForm(c, incident, null, null)}</details>`;
}

async function leadPage(
  c: Context<ConsoleEnv>,
  incident: IncidentWithDetails,
  form: Form | null,
  errors: FormErrors | null,
  status: 200 | 400 | 404 | 409 = 200,
): Promise<Response> {
  const body = html`<h1>Lead and cadence</h1><p><strong>${incident.name}</strong><br>
<span class="muted">Lead now: ${leadWords(incident.lead)}</span></p>${errorSummary(errors)}
${await leadForm(c, incident, form, errors)}
<p><a href="/admin/incidents/${incident.id}/update">Post an update instead</a></p>`;
  return consolePage(c, { title: `Lead: ${incident.name}`, body, status });
}

/** Only what changed: an unchanged lead is not rewritten (nor audited as a change). */
async function changedFields(c: Context<ConsoleEnv>, incident: IncidentWithDetails, form: Form) {
  const lead = leadOf(form, await membersFor(c)) ?? null;
  const cadence = numberField(form.get('update_cadence_minutes')) ?? null;
  const sameLead =
    (lead === null && incident.lead === null) ||
    (lead !== null && lead.email === incident.lead?.email && lead.name === incident.lead.name);
  return {
    ...(sameLead ? {} : { lead }),
    ...(cadence === incident.update_cadence_minutes ? {} : { update_cadence_minutes: cadence }),
  };
}

export const incidentLeadScreen: ConsoleScreen = {
  path: '/admin/incidents',
  scope: 'responder',
  mount(app) {
    app.on(['GET', 'POST'], '/admin/incidents/:id/lead', async (c) => {
      const incident = await getIncident(c.var.db, c.req.param('id'));
      if (!incident) {
        return consolePage(c, {
          title: 'Not found',
          status: 404,
          body: html`<h1>No such incident</h1><p><a href="/admin/">Back to Now</a></p>`,
        });
      }
      if (c.req.method === 'GET') return leadPage(c, incident, null, null);
      const form = c.var.form;
      return submit(
        async () => {
          const fields = await changedFields(c, incident, form);
          if (Object.keys(fields).length > 0) {
            const body = validateInput(UpdateIncidentBody, fields, 'form');
            await updateIncident(c.var.db, { ...body, id: incident.id }, actorContext(c));
          }
          return c.redirect('/admin/?done=lead', 303);
        },
        (errors, status) => leadPage(c, incident, form, errors, status),
      );
    });
  },
};
