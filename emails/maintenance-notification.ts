// One maintenance event (scheduled, reminder, started, update, completed, rescheduled, cancelled)
// as one subscriber's email. The message goes through the site's renderer and sanitiser, as an
// incident update's does; every other string is escaped.
import { renderMarkdown } from '../site/lib/markdown.ts';
import { escapeHtml, oneLine } from './escape.ts';
import { buttonLink, link, renderLayout } from './layout.ts';
import type { EmailContent, SubscriberLinks } from './types.ts';

export type MaintenanceNotice =
  | 'scheduled'
  | 'reminder'
  | 'started'
  | 'updated'
  | 'completed'
  | 'rescheduled'
  | 'cancelled';

export interface MaintenanceNotificationProps {
  pageName: string;
  pageUrl: string;
  notice: MaintenanceNotice;
  maintenance: { name: string; url: string };
  /** The window as it stands (ISO-8601 UTC); for a reschedule, the new one. */
  window: { from: string; until: string };
  /** The page's time zone: the window is written in it (and in UTC). */
  timeZone: string;
  /** Markdown: the message of the update the event posted, if any. */
  message: string | null;
  /** Reminders: how long before the start. */
  minutesBefore?: number | undefined;
  /** Names of the components the window affects, in page order. */
  components: readonly string[];
  links: SubscriberLinks;
}

const HEADLINES: Record<MaintenanceNotice, string> = {
  scheduled: 'Maintenance scheduled',
  reminder: 'Maintenance reminder',
  started: 'Maintenance in progress',
  updated: 'Maintenance update',
  completed: 'Maintenance completed',
  rescheduled: 'Maintenance rescheduled',
  cancelled: 'Maintenance cancelled',
};

/** "1 day", "2 hours", "90 minutes": how long before the start a reminder goes. */
export function formatLead(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** A time in the page's zone with the zone named, e.g. "Tue, 1 Dec 2026, 02:00 Europe/Berlin". */
export function formatWindowTime(iso: string, timeZone: string): string {
  const at = new Date(iso);
  try {
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
    return `${local} ${timeZone}`;
  } catch {
    return iso;
  }
}

function headline(props: MaintenanceNotificationProps): string {
  if (props.notice === 'reminder' && props.minutesBefore !== undefined) {
    return `Maintenance in ${formatLead(props.minutesBefore)}`;
  }
  return HEADLINES[props.notice];
}

/** "[Acme] Maintenance scheduled: Database upgrade". */
export function maintenanceSubject(props: MaintenanceNotificationProps): string {
  return oneLine(`[${props.pageName}] ${headline(props)}: ${props.maintenance.name}`);
}

function windowLine(props: MaintenanceNotificationProps): string {
  const from = formatWindowTime(props.window.from, props.timeZone);
  const until = formatWindowTime(props.window.until, props.timeZone);
  return `${props.notice === 'rescheduled' ? 'New window' : 'Window'}: ${from} – ${until}`;
}

function textPart(props: MaintenanceNotificationProps): string {
  const lines = [`${headline(props)}: ${props.maintenance.name}`, windowLine(props), ''];
  if (props.message) lines.push(props.message, '');
  if (props.components.length > 0) lines.push(`Components: ${props.components.join(', ')}`, '');
  lines.push(`Details: ${props.maintenance.url}`, '');
  lines.push(
    `Manage your subscription: ${props.links.manage}`,
    `Unsubscribe: ${props.links.unsubscribe}`,
    '',
  );
  return lines.join('\n');
}

/** The email for one maintenance event; every string from the data is escaped or sanitised. */
export function maintenanceNotificationEmail(props: MaintenanceNotificationProps): EmailContent {
  const components =
    props.components.length > 0
      ? `<p style="margin:12px 0;color:#1f2328;" class="candor-text">Components: ${props.components.map(escapeHtml).join(', ')}</p>`
      : '';
  const bodyHtml = `<p style="margin:0 0 4px;font-size:13px;color:#59636e;" class="candor-muted">${escapeHtml(headline(props))}</p>
<h1 style="margin:0 0 12px;font-size:20px;line-height:1.3;color:#1f2328;" class="candor-text">${escapeHtml(props.maintenance.name)}</h1>
<p style="margin:0 0 12px;font-weight:bold;color:#1f2328;" class="candor-text">${escapeHtml(windowLine(props))}</p>
${props.message ? `<div>${renderMarkdown(props.message)}</div>` : ''}
${components}
${buttonLink(props.maintenance.url, 'View the maintenance')}`;
  const footerHtml = `You receive this because you subscribed to updates from ${escapeHtml(props.pageName)}.<br>
${link(props.links.manage, 'Manage your subscription')} · ${link(props.links.unsubscribe, 'Unsubscribe')}`;
  return {
    subject: maintenanceSubject(props),
    html: renderLayout({
      pageName: props.pageName,
      pageUrl: props.pageUrl,
      preheader: `${headline(props)}: ${props.maintenance.name}`,
      bodyHtml,
      footerHtml,
    }),
    text: textPart(props),
  };
}
