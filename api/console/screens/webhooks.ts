// Webhooks: list (with their health), add (the signing secret shown once), remove.
import type { Context } from 'hono';
import { listWebhooks } from '../../../db/queries/webhooks.ts';
import { CreateWebhookBody } from '../../routes/admin/webhooks.ts';
import { createWebhook, deleteWebhook } from '../../services/webhooks.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, buttonForm, select, submit } from './shared.ts';

const PATH = '/admin/webhooks';
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

async function listPage(
  c: Context<ConsoleEnv>,
  options: { form?: Form; errors?: FormErrors; status?: 400 | 404 | 409; created?: SafeHtml } = {},
): Promise<Response> {
  const webhooks = await listWebhooks(c.var.db);
  const { form, errors } = options;
  const rows = webhooks.map(
    (
      webhook,
    ) => html`<li><strong>${webhook.url}</strong><br><span class="muted">${webhook.format} · ${webhook.components.length === 0 ? 'whole page' : `${webhook.components.length} components`} · ${webhook.enabled ? 'enabled' : `disabled: ${webhook.disabled_reason ?? ''}`}${webhook.consecutive_failures > 0 ? ` · ${webhook.consecutive_failures} failures in a row` : ''}</span>
<div class="row"><a class="button secondary" href="${PATH}/${webhook.id}">Change, deliveries<span class="sr"> of ${webhook.url}</span></a>
${buttonForm(c, `${PATH}/${webhook.id}/delete`, 'Remove', { className: 'secondary', ariaLabel: `Remove ${webhook.url}` })}</div></li>`,
  );
  const body = html`<h1>Webhooks</h1>${notice({ removed: 'Webhook removed.' }[c.req.query('done') ?? ''])}${options.created ?? html``}
${webhooks.length === 0 ? html`<p>No webhooks yet.</p>` : html`<ul class="list">${rows}</ul>`}
<h2>Add a webhook</h2>${errorSummary(errors)}
<form method="post" action="${PATH}" class="card">${csrfField(c)}
<label for="url">Address (https)</label><input id="url" name="url" type="url" required value="${form?.get('url') ?? ''}"${invalidAttrs(errors, '/url', 'url')}>${fieldError(errors, '/url', 'url')}
<label for="format">Format</label>${select('format', 'format', FORMATS, form?.get('format') || 'statuspage')}
<label for="min_impact">Sends</label>${select('min_impact', 'min_impact', IMPACTS, form?.get('min_impact') || 'none')}
<div class="actions"><button type="submit">Add webhook</button></div></form>`;
  return consolePage(c, { title: 'Webhooks', current: PATH, body, status: options.status ?? 200 });
}

export const webhooksScreen: ConsoleScreen = {
  label: 'Webhooks',
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(PATH, (c) => listPage(c));
    app.post(PATH, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const fields = {
            url: form.get('url'),
            format: form.get('format'),
            min_impact: form.get('min_impact') || 'none',
          };
          const body = validateInput(CreateWebhookBody, fields, 'form');
          const { webhook, secret } = await createWebhook(
            c.var.db,
            body,
            actorContext(c),
            c.var.webhookPolicy,
          );
          const created = html`<div class="notice" role="status"><p>Webhook added for ${webhook.url}. Its signing secret, shown this once:</p><pre>${secret}</pre></div>`;
          return listPage(c, { created });
        },
        (errors, status) => listPage(c, { form, errors, status }),
      );
    });
    app.post(`${PATH}/:id/delete`, (c) =>
      submit(
        async () => {
          await deleteWebhook(c.var.db, { id: c.req.param('id') }, actorContext(c));
          return c.redirect(`${PATH}?done=removed`, 303);
        },
        (errors, status) => listPage(c, { errors, status }),
      ),
    );
  },
};
