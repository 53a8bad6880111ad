// Keeps the front page current between rebuilds: polls /api/v2/summary.json and updates the
// banner, the component statuses and the open incidents in place. Writes only through textContent
// and DOM methods (API strings are never parsed as HTML). Any failure leaves the page as built.
import { activeIncidentsSignature } from '../lib/live-signature.ts';
import {
  componentIcon,
  componentStatusWord,
  impactWord,
  incidentStatusWord,
  indicatorIcon,
} from '../lib/status.ts';

interface SummaryUpdate {
  id: string;
  status: string;
  body: string;
}

interface SummaryIncident {
  id: string;
  name: string;
  status: string;
  impact: string;
  incident_updates: SummaryUpdate[];
  /** Candor's extension: when the next public update is promised (null: no promise). */
  next_update_at?: string | null;
}

interface Summary {
  status: { indicator: string; description: string };
  components: Array<{ id: string; status: string }>;
  incidents: SummaryIncident[];
}

const root = document.querySelector<HTMLElement>('[data-live]');
if (root) {
  localiseNextUpdates(root);
  startLiveUpdates(root);
}

/** "Next update by 14:45": the page's zone in the built HTML, the reader's own once the script runs. */
function readerClock(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

function localiseNextUpdates(scope: ParentNode): void {
  for (const time of scope.querySelectorAll<HTMLTimeElement>('[data-next-update] time[datetime]')) {
    if (!Number.isNaN(Date.parse(time.dateTime))) setText(time, readerClock(time.dateTime));
  }
}

function startLiveUpdates(root: HTMLElement): void {
  const origin = root.dataset.apiOrigin ?? '';
  const seconds = Math.max(1, Number(root.dataset.refreshSeconds) || 30);
  let inFlight = false;
  const refresh = async () => {
    if (inFlight || document.visibilityState === 'hidden') return;
    inFlight = true;
    try {
      // no-cache revalidates with the API's ETag: a 304 when nothing changed.
      const response = await fetch(`${origin}/api/v2/summary.json`, { cache: 'no-cache' });
      const summary = response.ok ? readSummary(await response.json()) : null;
      if (summary) {
        applySummary(root, summary);
        showRefreshed(root);
      }
    } catch {
      // Offline or the API is down: the built page is still true as of its build time.
    } finally {
      inFlight = false;
    }
  };
  setInterval(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  void refresh();
}

function readSummary(value: unknown): Summary | null {
  const summary = value as Partial<Summary> | null;
  if (
    typeof summary?.status?.indicator !== 'string' ||
    typeof summary.status.description !== 'string' ||
    !Array.isArray(summary.components) ||
    !Array.isArray(summary.incidents)
  ) {
    return null;
  }
  return summary as Summary;
}

function applySummary(root: HTMLElement, summary: Summary): void {
  const banner = root.querySelector<HTMLElement>('[data-status-banner]');
  if (banner) {
    setAttribute(banner, 'data-indicator', summary.status.indicator);
    setIcon(banner, indicatorIcon(summary.status.indicator));
    // Written only on change: the banner is a live region and must not repeat itself.
    setText(banner.querySelector('[data-status-description]'), summary.status.description);
  }
  const rows = new Map<string, HTMLElement>();
  for (const element of root.querySelectorAll<HTMLElement>('[data-component-id], [data-group-id]')) {
    rows.set(element.dataset.componentId ?? element.dataset.groupId ?? '', element);
  }
  for (const component of summary.components) {
    const row = rows.get(component.id);
    if (row) applyComponentStatus(row, component.status);
  }
  const list = root.querySelector<HTMLElement>('[data-active-incidents]');
  if (list) applyIncidents(list, summary.incidents);
}

function applyComponentStatus(row: HTMLElement, status: string): void {
  setAttribute(row, 'data-status', status);
  // A group row holds its children's rows too: its own word and icon come first in the document.
  setText(row.querySelector('[data-status-word]'), componentStatusWord(status));
  setIcon(row, componentIcon(status));
  if (row.hasAttribute('data-only-degraded')) row.hidden = status === 'operational';
}

function applyIncidents(list: HTMLElement, incidents: SummaryIncident[]): void {
  const signature = activeIncidentsSignature(incidents);
  if (list.dataset.signature === signature) return;
  list.dataset.signature = signature;
  const children: HTMLElement[] = incidents.map(renderIncident);
  if (children.length === 0) children.push(element('p', 'muted', 'No incidents reported.'));
  list.replaceChildren(...children);
}

function renderIncident(incident: SummaryIncident): HTMLElement {
  const article = element('article', 'card incident');
  article.dataset.incidentId = incident.id;
  article.dataset.impact = incident.impact;
  const heading = element('h3');
  const link = element('a', '', incident.name) as HTMLAnchorElement;
  link.href = `/incidents/${encodeURIComponent(incident.id)}/`;
  heading.append(link);
  article.append(
    heading,
    element('p', 'incident-meta', `${incidentStatusWord(incident.status)} · ${impactWord(incident.impact)}`),
  );
  if (typeof incident.next_update_at === 'string' && !Number.isNaN(Date.parse(incident.next_update_at))) {
    const promise = element('p', 'next-update', 'Next update by ');
    promise.dataset.nextUpdate = '';
    const time = element('time', '', readerClock(incident.next_update_at)) as HTMLTimeElement;
    time.dateTime = incident.next_update_at;
    promise.append(time);
    article.append(promise);
  }
  const newest = incident.incident_updates[0];
  if (newest) {
    const update = element('p', 'live-update');
    update.append(element('strong', '', incidentStatusWord(newest.status)), ` — ${newest.body}`);
    article.append(update);
  }
  return article;
}

function element(tag: string, className = '', text = ''): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function setText(node: Element | null, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}

function setAttribute(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function setIcon(container: Element, icon: string): void {
  const use = container.querySelector('[data-status-icon] use');
  if (use) setAttribute(use, 'href', `#${icon}`);
}

function showRefreshed(root: HTMLElement): void {
  const note = root.querySelector('[data-live-updated]');
  if (!note) return;
  const time = new Date().toLocaleTimeString('en-GB', {
    timeZone: root.dataset.timeZone || undefined,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  note.textContent = `Live: updated automatically, last checked at ${time}.`;
}
