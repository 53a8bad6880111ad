// The demo page a first `npm start` shows: a plausible SaaS with two component groups, 90 days of
// status history and a few resolved incidents. Written through the same services as the admin API,
// with each write dated in the past, so the history, the audit log and the uptime bars are the
// ones real use would produce.
import type { Client } from '@libsql/client';
import type { ComponentStatus, IncidentImpact } from '../../db/types.ts';
import { createComponentGroup } from '../services/component-groups.ts';
import { createComponent } from '../services/components.ts';
import type { ServiceContext } from '../services/context.ts';
import { postIncidentUpdate } from '../services/incident-updates.ts';
import { createIncident, type OpenableIncidentStatus } from '../services/incidents.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface DemoUpdate {
  /** Minutes after the incident began. */
  after: number;
  status: OpenableIncidentStatus;
  message: string;
  components?: Record<string, ComponentStatus>;
}

interface DemoIncident {
  name: string;
  impact: IncidentImpact;
  /** Days before now, and the hour of that day (UTC), when it began. */
  daysAgo: number;
  hour: number;
  updates: [DemoUpdate, ...DemoUpdate[]];
}

const GROUPS = [
  { name: 'Product', components: ['Web app', 'Public API', 'Dashboard', 'Mobile sync'] },
  { name: 'Infrastructure', components: ['Database', 'Email delivery', 'Webhooks', 'CDN'] },
] as const;

type DemoComponentName = (typeof GROUPS)[number]['components'][number];

const DESCRIPTIONS: Partial<Record<DemoComponentName, string>> = {
  'Web app': 'Sign-in and everything at app.example.com.',
  'Public API': 'REST API at api.example.com.',
  'Email delivery': 'Notification and sign-in emails.',
};

// Component names stand in for ids until the components exist.
const INCIDENTS: DemoIncident[] = [
  {
    name: 'Elevated error rates on the public API',
    impact: 'major',
    daysAgo: 3,
    hour: 14,
    updates: [
      {
        after: 0,
        status: 'investigating',
        message:
          'We are seeing elevated **5xx error rates** on the public API and slow page loads in the web app. We are investigating.',
        components: { 'Public API': 'partial_outage', 'Web app': 'degraded_performance' },
      },
      {
        after: 18,
        status: 'identified',
        message:
          'A database connection pool was exhausted after a configuration change. We are rolling the change back.',
        components: { 'Public API': 'partial_outage', Database: 'degraded_performance' },
      },
      {
        after: 41,
        status: 'monitoring',
        message: 'The rollback is complete and error rates are back to normal. We are monitoring.',
        components: {
          'Public API': 'operational',
          'Web app': 'operational',
          Database: 'operational',
        },
      },
      {
        after: 95,
        status: 'resolved',
        message:
          'This incident is resolved. Requests between 14:02 and 14:43 UTC may have failed and can be retried safely. A post-mortem will follow.',
      },
    ],
  },
  {
    name: 'Delayed notification emails',
    impact: 'minor',
    daysAgo: 19,
    hour: 8,
    updates: [
      {
        after: 0,
        status: 'identified',
        message:
          'Notification emails are delayed by up to 20 minutes because of a backlog at our email provider.',
        components: { 'Email delivery': 'degraded_performance' },
      },
      { after: 70, status: 'resolved', message: 'The backlog has cleared and emails are delivered on time.' },
    ],
  },
  {
    name: 'Dashboard unavailable',
    impact: 'critical',
    daysAgo: 44,
    hour: 21,
    updates: [
      {
        after: 0,
        status: 'investigating',
        message: 'The dashboard does not load for any customer. We are investigating.',
        components: { Dashboard: 'major_outage' },
      },
      {
        after: 12,
        status: 'identified',
        message: 'An expired TLS certificate on the dashboard origin. A new certificate is being issued.',
      },
      {
        after: 38,
        status: 'resolved',
        message: 'The new certificate is live and the dashboard loads again.',
      },
    ],
  },
  {
    name: 'Webhook deliveries delayed',
    impact: 'minor',
    daysAgo: 67,
    hour: 3,
    updates: [
      {
        after: 0,
        status: 'investigating',
        message: 'Webhook deliveries are running behind. No webhook is lost; delayed ones will be delivered.',
        components: { Webhooks: 'degraded_performance' },
      },
      {
        after: 55,
        status: 'resolved',
        message: 'All queued webhooks have been delivered.',
      },
    ],
  },
  {
    name: 'Mobile sync outage in one region',
    impact: 'major',
    daysAgo: 81,
    hour: 11,
    updates: [
      {
        after: 0,
        status: 'investigating',
        message:
          'Mobile apps in Europe cannot sync. Data stays on the device and will sync once this is fixed.',
        components: { 'Mobile sync': 'major_outage' },
      },
      {
        after: 25,
        status: 'monitoring',
        message: 'Traffic was moved to a healthy region; syncing works again.',
        components: { 'Mobile sync': 'operational' },
      },
      { after: 60, status: 'resolved', message: 'Resolved.' },
    ],
  },
];

/** Seeds the demo page unless the database already holds components or incidents. */
export async function seedDemoIfEmpty(db: Client, now: Date): Promise<boolean> {
  const { rows } = await db.execute(
    'SELECT (SELECT count(*) FROM components) + (SELECT count(*) FROM incidents) AS n',
  );
  if (Number(rows[0]?.n) > 0) return false;
  await seedDemo(db, now);
  return true;
}

async function seedDemo(db: Client, now: Date): Promise<void> {
  const at = (time: number): ServiceContext => ({ actor: 'demo', now: new Date(time).toISOString() });
  const historyStart = now.getTime() - 90 * DAY;

  const componentIds = new Map<string, string>();
  for (const group of GROUPS) {
    const { id: groupId } = await createComponentGroup(db, { name: group.name }, at(historyStart));
    for (const name of group.components) {
      const component = await createComponent(
        db,
        { name, group_id: groupId, description: DESCRIPTIONS[name] ?? null },
        at(historyStart),
      );
      componentIds.set(name, component.id);
    }
  }
  const byId = (statuses: Record<string, ComponentStatus> | undefined) =>
    statuses &&
    Object.fromEntries(
      Object.entries(statuses).map(([name, status]) => [componentIds.get(name) ?? name, status]),
    );

  // Oldest first, so every write happens after the ones before it.
  for (const incident of [...INCIDENTS].sort((a, b) => b.daysAgo - a.daysAgo)) {
    const began = new Date(now.getTime() - incident.daysAgo * DAY);
    began.setUTCHours(incident.hour, 2, 0, 0);
    const [first, ...rest] = incident.updates;
    const components = byId(first.components);
    const created = await createIncident(
      db,
      {
        name: incident.name,
        status: first.status,
        impact: incident.impact,
        message: first.message,
        ...(components ? { components } : {}),
        deliver_notifications: false,
      },
      at(began.getTime()),
    );
    for (const update of rest) {
      const updateComponents = byId(update.components);
      await postIncidentUpdate(
        db,
        {
          incident_id: created.id,
          status: update.status,
          message: update.message,
          ...(updateComponents ? { components: updateComponents } : {}),
          deliver_notifications: false,
        },
        at(began.getTime() + update.after * MINUTE),
      );
    }
  }
}
