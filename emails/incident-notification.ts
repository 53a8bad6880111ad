// One incident event (created, updated, resolved) as one subscriber's email. The update's markdown
// goes through the site's renderer and sanitiser, so an email shows exactly what the page shows.
import type { ComponentStatus, IncidentImpact, IncidentStatus } from '../db/types.ts';
import { formatDateTime } from '../site/lib/format.ts';
import { renderMarkdown } from '../site/lib/markdown.ts';
import { COMPONENT_STATUS_WORDS, IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../site/lib/status.ts';
import { escapeHtml, oneLine } from './escape.ts';
import { buttonLink, link, renderLayout } from './layout.ts';
import { markdownToText } from './markdown-text.ts';
import type { EmailContent, SubscriberLinks } from './types.ts';

export interface IncidentNotificationProps {
  pageName: string;
  pageUrl: string;
  incident: { name: string; impact: IncidentImpact; url: string };
  /** The update that caused this email: its status, markdown body and time (ISO-8601 UTC). */
  update: { status: IncidentStatus; body: string; displayAt: string };
  /** The page's time zone (IANA name): the time is shown as the page shows it. */
  timeZone: string;
  /** The incident's components as they stand, in page order. */
  components: ReadonlyArray<{ name: string; status: ComponentStatus }>;
  links: SubscriberLinks;
}

const STATUS_COLOURS: Record<ComponentStatus, string> = {
  operational: '#1a7f37',
  degraded_performance: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
  under_maintenance: '#0969da',
};

/** The subject names the page, the status and the incident: "[Acme] Resolved: API errors". */
export function incidentSubject(
  props: Pick<IncidentNotificationProps, 'pageName' | 'incident' | 'update'>,
): string {
  return oneLine(`[${props.pageName}] ${INCIDENT_STATUS_WORDS[props.update.status]}: ${props.incident.name}`);
}

function componentsTable(components: IncidentNotificationProps['components']): string {
  if (components.length === 0) return '';
  const rows = components
    .map(
      (component) => `<tr>
<td style="padding:6px 8px;border-top:1px solid #d8dee4;color:#1f2328;" class="candor-text candor-rule">${escapeHtml(component.name)}</td>
<td style="padding:6px 8px;border-top:1px solid #d8dee4;color:${STATUS_COLOURS[component.status]};font-weight:bold;" class="candor-rule">${COMPONENT_STATUS_WORDS[component.status]}</td>
</tr>`,
    )
    .join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:16px 0;font-family:Arial,Helvetica,sans-serif;font-size:14px;">
<tr><th align="left" style="padding:6px 8px;color:#59636e;" class="candor-muted">Affected component</th><th align="left" style="padding:6px 8px;color:#59636e;" class="candor-muted">Status</th></tr>
${rows}
</table>`;
}

type EventProps = Omit<IncidentNotificationProps, 'links'>;

function textPart(props: EventProps, bodyText: string, links: SubscriberLinks): string {
  const lines = [
    `${INCIDENT_STATUS_WORDS[props.update.status]}: ${props.incident.name}`,
    `${IMPACT_WORDS[props.incident.impact]} · ${formatDateTime(props.update.displayAt, props.timeZone)}`,
    '',
    bodyText,
    '',
  ];
  if (props.components.length > 0) {
    lines.push('Affected components:');
    for (const component of props.components) {
      lines.push(`- ${component.name}: ${COMPONENT_STATUS_WORDS[component.status]}`);
    }
    lines.push('');
  }
  lines.push(`Follow the incident: ${props.incident.url}`, '');
  lines.push(`Manage your subscription: ${links.manage}`, `Unsubscribe: ${links.unsubscribe}`, '');
  return lines.join('\n');
}

/**
 * The email of one incident event for any subscriber: the body is rendered once, and each call
 * adds one subscriber's links. Every string from the data is escaped or sanitised.
 */
export function incidentNotificationRenderer(props: EventProps): (links: SubscriberLinks) => EmailContent {
  const status = INCIDENT_STATUS_WORDS[props.update.status];
  const bodyHtml = `<p style="margin:0 0 4px;font-size:13px;color:#59636e;" class="candor-muted">${escapeHtml(status)} · ${escapeHtml(IMPACT_WORDS[props.incident.impact])} · ${escapeHtml(formatDateTime(props.update.displayAt, props.timeZone))}</p>
<h1 style="margin:0 0 12px;font-size:20px;line-height:1.3;color:#1f2328;" class="candor-text">${escapeHtml(props.incident.name)}</h1>
<div>${renderMarkdown(props.update.body)}</div>
${componentsTable(props.components)}
${buttonLink(props.incident.url, 'View the incident')}`;
  const bodyText = markdownToText(props.update.body);
  const subject = incidentSubject(props);
  return (links) => {
    const footerHtml = `You receive this because you subscribed to updates from ${escapeHtml(props.pageName)}.<br>
${link(links.manage, 'Manage your subscription')} · ${link(links.unsubscribe, 'Unsubscribe')}`;
    return {
      subject,
      html: renderLayout({
        pageName: props.pageName,
        pageUrl: props.pageUrl,
        preheader: `${status}: ${props.incident.name}`,
        bodyHtml,
        footerHtml,
      }),
      text: textPart(props, bodyText, links),
    };
  };
}

/** The email for one incident event and one subscriber. */
export function incidentNotificationEmail(props: IncidentNotificationProps): EmailContent {
  const { links, ...event } = props;
  return incidentNotificationRenderer(event)(links);
}
