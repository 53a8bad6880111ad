// Now: what customers see (the overall state), the open incidents, and a button per incident to
// post an update: the first screen after signing in, and the one a responder needs at 3 a.m.
// Each incident shows its lead and the countdown to its next update due (next_update_at as the
// admin API gives it), then the maintenance windows and the post-mortems coming due.
import { listComponents } from '../../../db/queries/components.ts';
import { listIncidents } from '../../../db/queries/incidents.ts';
import { getPage } from '../../../db/queries/page.ts';
import { IMPACT_WORDS, INCIDENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import { formatPageStatus } from '../../public/page-status.ts';
import { adminIncidents } from '../../routes/admin/admin-incident.ts';
import { html } from '../../subscribers/html.ts';
import { nextUpdateCountdown } from '../countdown.ts';
import { consolePage, notice } from '../layout.ts';
import { leadWords } from './incident-lead.ts';
import { maintenanceSection, postmortemSection } from './now-sections.ts';
import type { ConsoleScreen } from './registry.ts';

const DONE: Record<string, string> = {
  opened: 'Incident opened.',
  updated: 'Update posted.',
  lead: 'Lead and cadence saved.',
};

/** "12 min ago": how stale the last word to customers is. */
export function timeAgo(from: string, now: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(now) - Date.parse(from)) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min ago` : `${Math.floor(hours / 24)} days ago`;
}

export const nowScreen: ConsoleScreen = {
  label: 'Now',
  path: '/admin/',
  scope: 'responder',
  mount(app) {
    app.get('/admin/', async (c) => {
      const db = c.var.db;
      const now = c.var.now();
      const [components, unresolved, page] = await Promise.all([
        listComponents(db),
        listIncidents(db, { limit: 100, unresolvedOnly: true }),
        getPage(db),
      ]);
      // The most urgent first: the update due soonest (or longest overdue) leads the list.
      const open = (await adminIncidents(db, unresolved)).sort((a, b) =>
        (a.next_update_at ?? '9').localeCompare(b.next_update_at ?? '9'),
      );
      const timeZone = page?.time_zone ?? 'UTC';
      const status = formatPageStatus(components, open);
      const tone = status.indicator === 'none' ? 'ok' : status.indicator === 'minor' ? 'warn' : 'bad';
      const incidents = open.map((incident) => {
        const last = incident.incident_updates[0];
        return html`<li><h3>${incident.name}</h3>
<p>${INCIDENT_STATUS_WORDS[incident.status]} · ${IMPACT_WORDS[incident.impact]}${last ? html` · last update ${timeAgo(last.display_at, now)}` : html``}<br>
Lead: ${leadWords(incident.lead)}<br>${nextUpdateCountdown(incident.next_update_at, now, timeZone)}</p>
<div class="actions"><a class="button" href="/admin/incidents/${incident.id}/update">Post an update<span class="sr"> to ${incident.name}</span></a>
<a class="button secondary" href="/admin/incidents/${incident.id}/update?status=resolved">Resolve<span class="sr"> ${incident.name}</span></a></div></li>`;
      });
      return consolePage(c, {
        title: 'Now',
        current: '/admin/',
        body: html`<h1>Now</h1>${notice(DONE[c.req.query('done') ?? ''])}
<p class="card"><strong class="${tone}">${status.description}</strong><br><span class="muted">as the status page shows it</span></p>
<div class="actions"><a class="button" href="/admin/incidents/new">Open an incident</a></div>
<h2>Open incidents</h2>
${open.length === 0 ? html`<p>No open incidents.</p>` : html`<ul class="list">${incidents}</ul>`}
<p><a href="/admin/incidents">Recent incidents</a></p>
${await maintenanceSection(db, { time_zone: timeZone })}
${page ? await postmortemSection(db, page, now) : html``}`,
      });
    });
  },
};
