// What an incident entry will look like before it is posted: the page entry (markdown through the
// one sanitiser), the email subscribers get, how many of them it reaches, and the impact the
// components suggest. Computed on the server, so the Preview button works with JavaScript off.
import type { Client } from '@libsql/client';
import { getPage } from '../../../db/queries/page.ts';
import { listActiveSubscribersFor } from '../../../db/queries/subscriber-audience.ts';
import type { Component, ComponentStatus, IncidentImpact, IncidentStatus } from '../../../db/types.ts';
import { incidentNotificationEmail } from '../../../emails/incident-notification.ts';
import { renderMarkdown } from '../../../site/lib/markdown.ts';
import { COMPONENT_STATUS_WORDS, IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { impactOfComponentStatus, worstComponentStatus } from '../../public/page-status.ts';
import { html, SafeHtml } from '../../subscribers/html.ts';

/** The impact the chosen component statuses imply (none when no component is chosen). */
export function suggestedImpact(statuses: Iterable<ComponentStatus>): IncidentImpact {
  return impactOfComponentStatus(worstComponentStatus(statuses));
}

/** How many active subscribers an incident with these components and impact would email. */
export async function audienceSize(
  db: Client,
  componentIds: readonly string[],
  impact: IncidentImpact,
): Promise<number> {
  const pageSize = 1000;
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await listActiveSubscribersFor(db, { componentIds, impact, after, limit: pageSize });
    count += page.length;
    if (page.length < pageSize) return count;
    after = page.at(-1)?.id;
  }
}

export interface PreviewInput {
  name: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  message: string;
  /** The components the update sets, with their new status. */
  components: ReadonlyArray<{ component: Component; status: ComponentStatus }>;
  notify: boolean;
  now: string;
}

export async function renderPreview(db: Client, input: PreviewInput): Promise<SafeHtml> {
  const page = await getPage(db);
  const pageUrl = page?.url ?? '';
  const reach = input.notify
    ? await audienceSize(
        db,
        input.components.map((entry) => entry.component.id),
        input.impact,
      )
    : 0;
  const email = incidentNotificationEmail({
    pageName: page?.name ?? 'Status',
    pageUrl,
    timeZone: page?.time_zone ?? 'UTC',
    incident: { name: input.name || '(no name yet)', impact: input.impact, url: `${pageUrl}/` },
    update: { status: input.status, body: input.message, displayAt: input.now },
    components: input.components.map((entry) => ({ name: entry.component.name, status: entry.status })),
    links: { manage: `${pageUrl}/subscribe/manage`, unsubscribe: `${pageUrl}/unsubscribe` },
  });
  const rows = input.components.map(
    (entry) => html`<li>${entry.component.name}: ${COMPONENT_STATUS_WORDS[entry.status]}</li>`,
  );
  return html`<section class="preview" aria-labelledby="preview-title"><h2 id="preview-title">Preview</h2>
<p><strong>${input.name}</strong> · ${INCIDENT_STATUS_WORDS[input.status]} · ${IMPACT_WORDS[input.impact]}</p>
<div>${new SafeHtml(renderMarkdown(input.message))}</div>
${rows.length > 0 ? html`<ul>${rows}</ul>` : html``}
<p><strong>${input.notify ? `Emails ${reach} subscriber${reach === 1 ? '' : 's'}` : 'Notifies nobody'}</strong>${input.notify ? html` (and the webhooks that match).` : html`.`}</p>
<details><summary>The email subscribers get</summary><p>Subject: ${email.subject}</p><pre>${email.text}</pre></details></section>`;
}
