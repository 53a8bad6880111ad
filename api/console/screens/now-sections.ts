// The parts of the Now screen about what comes next: maintenance windows running or scheduled,
// and resolved incidents whose post-mortem is due soon or overdue (deadline from the cadence policy).
import type { Client } from '@libsql/client';
import { listIncidentsForReminders } from '../../../db/queries/incidents.ts';
import { listMaintenances } from '../../../db/queries/maintenances.ts';
import type { MaintenanceStatus, Page } from '../../../db/types.ts';
import { formatDayClock } from '../../cadence/clock-format.ts';
import { owesPostmortem, postmortemDeadlineAt } from '../../cadence/policy.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { countdownWords } from '../countdown.ts';

const MAINTENANCE_WORDS: Partial<Record<MaintenanceStatus, string>> = {
  in_progress: 'In progress',
  verifying: 'Verifying',
  scheduled: 'Scheduled',
};
const HOUR_MS = 3_600_000;
/** A post-mortem due within this long is listed; so is every overdue one, for a week. */
const POSTMORTEM_NEAR_MS = 24 * HOUR_MS;
const POSTMORTEM_LISTED_PAST_DEADLINE_MS = 7 * 24 * HOUR_MS;

/** Running windows first, then the scheduled ones, soonest first. */
export async function maintenanceSection(db: Client, page: Pick<Page, 'time_zone'>): Promise<SafeHtml> {
  const windows = await listMaintenances(db, {
    limit: 20,
    statuses: ['in_progress', 'verifying', 'scheduled'],
    order: 'soonest',
  });
  windows.sort((a, b) => Number(a.status === 'scheduled') - Number(b.status === 'scheduled'));
  const items = windows.map(
    (window) => html`<li><a href="/admin/maintenance/${window.id}">${window.name}</a><br>
<span class="muted">${MAINTENANCE_WORDS[window.status] ?? window.status} · ${formatDayClock(window.scheduled_for, page.time_zone)} to ${formatDayClock(window.scheduled_until, page.time_zone)}</span></li>`,
  );
  return html`<h2>Maintenance</h2>${items.length === 0 ? html`<p>None running or scheduled.</p>` : html`<ul class="list">${items}</ul>`}`;
}

/** Resolved major and critical incidents that still owe a post-mortem due within a day, or overdue. */
export async function postmortemSection(db: Client, page: Page, now: string): Promise<SafeHtml> {
  const nowMs = Date.parse(now);
  const since = new Date(
    nowMs - page.postmortem_deadline_hours * HOUR_MS - POSTMORTEM_LISTED_PAST_DEADLINE_MS,
  ).toISOString();
  const candidates = await listIncidentsForReminders(db, { resolvedSince: since, limit: 100 });
  const owed = candidates.flatMap((incident) => {
    const deadline = owesPostmortem(incident) ? postmortemDeadlineAt(incident, page) : null;
    return deadline !== null && Date.parse(deadline) - nowMs <= POSTMORTEM_NEAR_MS
      ? [{ incident, deadline }]
      : [];
  });
  if (owed.length === 0) return html``;
  owed.sort((a, b) => (a.deadline < b.deadline ? -1 : 1));
  const items = owed.map(({ incident, deadline }) => {
    const { text, overdue } = countdownWords(deadline, now);
    const words = overdue ? html`<strong class="bad">${text}</strong>` : html`${text}`;
    return html`<li><a href="/admin/postmortems/${incident.id}">${incident.name}</a><br>
<span class="muted">Post-mortem</span> ${words} <span class="muted">(${formatDayClock(deadline, page.time_zone)})</span></li>`;
  });
  return html`<h2>Post-mortems due</h2><ul class="list">${items}</ul>`;
}
