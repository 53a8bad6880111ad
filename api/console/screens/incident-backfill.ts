// Record a past incident: one that was handled outside Candor and belongs in the page's history.
// The admin API backfills only when opening (`started_at` on POST /incidents; PATCH cannot move
// it), so this is its own form: the time it began, usually resolved already, nobody emailed.
import type { Context } from 'hono';
import { IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { CreateIncidentBody } from '../../routes/admin/incidents.ts';
import { createIncident } from '../../services/incidents.ts';
import { fillIncidentFromTemplate } from '../../services/template-fill.ts';
import { html } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, select, submit } from './shared.ts';

const PATH = '/admin/incidents/past';
const STATUSES = (['resolved', 'monitoring', 'identified', 'investigating'] as const).map(
  (status) => [status, INCIDENT_STATUS_WORDS[status]] as const,
);
const IMPACTS = (['none', 'minor', 'major', 'critical'] as const).map(
  (impact) => [impact, IMPACT_WORDS[impact]] as const,
);

/** A datetime-local value (no zone) is read as UTC, as the label says; anything else is left to the schema. */
export function utcFromLocalInput(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)
    ? `${value.length === 16 ? `${value}:00` : value}Z`
    : value;
}

function page(
  c: Context<ConsoleEnv>,
  form: Form | null,
  errors: FormErrors | null,
  status: 200 | 400 | 404 | 409 = 200,
): Response {
  const body = html`<h1>Record a past incident</h1>
<p class="muted">For an incident handled outside Candor: it is filed at the time it began. Nobody is emailed unless you tick the box.</p>${errorSummary(errors)}
<form method="post" action="${PATH}">${csrfField(c)}
<label for="name">Name</label>
<input id="name" name="name" type="text" required value="${form?.get('name') ?? ''}"${invalidAttrs(errors, '/name', 'name')}>${fieldError(errors, '/name', 'name')}
<label for="started_at">Began at (UTC)</label>
<input id="started_at" name="started_at" type="datetime-local" required value="${form?.get('started_at') ?? ''}"${invalidAttrs(errors, '/started_at', 'started_at')}>${fieldError(errors, '/started_at', 'started_at')}
<label for="status">Status</label>${select('status', 'status', STATUSES, form?.get('status') || 'resolved')}${fieldError(errors, '/status', 'status')}
<label for="impact">Impact</label>${select('impact', 'impact', IMPACTS, form?.get('impact') || 'minor')}${fieldError(errors, '/impact', 'impact')}
<label for="message">What happened (markdown)</label>
<textarea id="message" name="message" required${invalidAttrs(errors, '/message', 'message')}>${form?.get('message') ?? ''}</textarea>${fieldError(errors, '/message', 'message')}
<label class="check"><input type="checkbox" name="notify" value="on"${form?.has('notify') ? html` checked` : html``}>Notify subscribers</label>
<div class="actions"><button type="submit">Record incident</button><a class="button secondary" href="/admin/incidents">Cancel</a></div></form>`;
  return consolePage(c, { title: 'Record a past incident', current: '/admin/incidents', body, status });
}

export const incidentBackfillScreen: ConsoleScreen = {
  path: PATH,
  scope: 'responder',
  mount(app) {
    app.get(PATH, (c) => page(c, null, null));
    app.post(PATH, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const fields = {
            name: form.get('name'),
            status: form.get('status'),
            impact: form.get('impact'),
            message: form.get('message'),
            started_at: utcFromLocalInput(form.get('started_at')),
            deliver_notifications: form.has('notify'),
          };
          const body = validateInput(CreateIncidentBody, fields, 'form');
          // No template here: the fill only narrows the schema's optional fields to the service's.
          const input = await fillIncidentFromTemplate(c.var.db, body);
          const incident = await createIncident(c.var.db, input, actorContext(c));
          return c.redirect(`/admin/incidents/${incident.id}/edit?done=saved`, 303);
        },
        (errors, status) => page(c, form, errors, status),
      );
    });
  },
};
