// One webhook: change it (PATCH /webhooks/{id}: address, format, threshold, components, enabled;
// ticking "enabled" re-enables one that was disabled after failures) and its latest delivery
// attempts with why they failed (GET /webhooks/{id}).
import type { Context } from 'hono';
import { getWebhook, listWebhookDeliveries, type Webhook } from '../../../db/queries/webhooks.ts';
import { UpdateWebhookBody } from '../../routes/admin/webhooks.ts';
import { updateWebhook } from '../../services/webhooks.ts';
import { html } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, select, submit } from './shared.ts';
import { targetFields } from './target-fields.ts';

const PATH = '/admin/webhooks';
/** As many attempts as GET /webhooks/{id} shows. */
const RECENT_DELIVERIES = 50;
const FORMATS = [
  ['statuspage', 'Statuspage JSON'],
  ['slack', 'Slack incoming webhook'],
] as const;
const IMPACTS = [
  ['none', 'Every incident'],
  ['minor', 'Minor impact or worse'],
  ['major', 'Major impact or worse'],
  ['critical', 'Critical only'],
] as const;
const when = (time: string) => `${time.slice(0, 19).replace('T', ' ')} UTC`;

async function page(
  c: Context<ConsoleEnv>,
  webhook: Webhook,
  form: Form | null,
  errors: FormErrors | null,
  status: 200 | 400 | 404 | 409 = 200,
): Promise<Response> {
  const deliveries = await listWebhookDeliveries(c.var.db, webhook.id, RECENT_DELIVERIES);
  const enabled = form ? form.has('enabled') : webhook.enabled;
  const chosen = new Set(form ? form.all('target') : webhook.components);
  const state = webhook.enabled
    ? html`<p class="ok">Enabled${webhook.consecutive_failures > 0 ? ` · ${webhook.consecutive_failures} failures in a row` : ''}</p>`
    : html`<p class="alert">Disabled${webhook.disabled_at ? ` since ${when(webhook.disabled_at)}` : ''}: ${webhook.disabled_reason ?? 'by hand'}. Tick “Enabled” and save to send to it again.</p>`;
  const rows = deliveries.map(
    (
      delivery,
    ) => html`<li><strong class="${delivery.outcome === 'failed' ? 'bad' : 'ok'}">${delivery.outcome}</strong> <span class="muted">${delivery.event} · attempt ${delivery.attempt} · ${when(delivery.created_at)} · ${delivery.status_code === null ? 'no answer' : `HTTP ${delivery.status_code}`} · ${delivery.duration_ms} ms${delivery.next_attempt_at ? ` · next try ${when(delivery.next_attempt_at)}` : ''}</span>
${delivery.error ? html`<pre>${delivery.error}</pre>` : html``}</li>`,
  );
  const body = html`<h1>Webhook</h1><p><strong>${webhook.url}</strong></p>${notice({ saved: 'Saved.' }[c.req.query('done') ?? ''])}${state}${errorSummary(errors)}
<form method="post" action="${PATH}/${webhook.id}" class="card">${csrfField(c)}
<label for="url">Address (https)</label><input id="url" name="url" type="url" required value="${form ? form.get('url') : webhook.url}"${invalidAttrs(errors, '/url', 'url')}>${fieldError(errors, '/url', 'url')}
<label for="format">Format</label>${select('format', 'format', FORMATS, form ? form.get('format') : webhook.format)}${fieldError(errors, '/format', 'format')}
<label for="min_impact">Sends</label>${select('min_impact', 'min_impact', IMPACTS, form ? form.get('min_impact') : webhook.min_impact)}${fieldError(errors, '/min_impact', 'min_impact')}
${await targetFields(c, chosen, 'What it is sent')}${fieldError(errors, '/components', 'components')}
<label class="check"><input type="checkbox" name="enabled" value="yes"${enabled ? html` checked` : html``}>Enabled</label>${fieldError(errors, '/enabled', 'enabled')}
<div class="actions"><button type="submit">Save</button><a class="button secondary" href="${PATH}">Back to webhooks</a></div></form>
<h2>Latest delivery attempts</h2>${deliveries.length === 0 ? html`<p>None yet.</p>` : html`<ul class="list">${rows}</ul>`}`;
  return consolePage(c, { title: `Webhook ${webhook.url}`, current: PATH, body, status });
}

const missing = (c: Context<ConsoleEnv>) =>
  consolePage(c, {
    title: 'Not found',
    current: PATH,
    status: 404,
    body: html`<h1>No such webhook</h1><p><a href="${PATH}">Back to webhooks</a></p>`,
  });

export const webhookEditScreen: ConsoleScreen = {
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(`${PATH}/:id`, async (c) => {
      const webhook = await getWebhook(c.var.db, c.req.param('id'));
      return webhook ? page(c, webhook, null, null) : missing(c);
    });
    app.post(`${PATH}/:id`, async (c) => {
      const webhook = await getWebhook(c.var.db, c.req.param('id'));
      if (!webhook) return missing(c);
      const form = c.var.form;
      return submit(
        async () => {
          const fields = {
            url: form.get('url'),
            format: form.get('format'),
            min_impact: form.get('min_impact'),
            components: form.all('target'),
            // Sent only when it changes: re-enabling also clears the failure count, a plain edit must not.
            ...(form.has('enabled') !== webhook.enabled ? { enabled: form.has('enabled') } : {}),
          };
          const body = validateInput(UpdateWebhookBody, fields, 'form');
          await updateWebhook(c.var.db, { ...body, id: webhook.id }, actorContext(c), c.var.webhookPolicy);
          return c.redirect(`${PATH}/${webhook.id}?done=saved`, 303);
        },
        (errors, status) => page(c, webhook, form, errors, status),
      );
    });
  },
};
