// Bulk history for benchmarks: N incidents spread over the past two years, each with three updates
// and one affected component, written with multi-row INSERTs so 10,000 incidents take seconds.
import type { Client, InStatement } from '@libsql/client';
import { newId } from '../../db/ids.ts';

const DAY_MS = 86_400_000;
const GROUPS = ['Core', 'Integrations'];
const COMPONENTS = [
  'API',
  'Dashboard',
  'Database',
  'Background jobs',
  'Webhooks',
  'Email',
  'Slack app',
  'SSO',
];

export async function insertBenchHistory(db: Client, incidentCount: number, now = Date.now()): Promise<void> {
  const stamp = (ms: number) => new Date(ms).toISOString();
  const created = stamp(now - 800 * DAY_MS);
  const groupIds = GROUPS.map(() => newId('grp'));
  const componentIds = COMPONENTS.map(() => newId('cmp'));
  const setup: InStatement[] = [
    ...GROUPS.map((name, position) => ({
      sql: 'INSERT INTO component_groups (id, name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      args: [groupIds[position] ?? '', name, position, created, created],
    })),
    ...COMPONENTS.map((name, position) => ({
      sql: `INSERT INTO components (id, group_id, name, position, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'operational', ?, ?)`,
      args: [componentIds[position] ?? '', groupIds[position % 2] ?? null, name, position, created, created],
    })),
    ...componentIds.map((id) => ({
      sql: `INSERT INTO component_status_changes (id, component_id, old_status, new_status, changed_at)
            VALUES (?, ?, NULL, 'operational', ?)`,
      args: [newId('csc'), id, created],
    })),
  ];
  await db.batch(setup, 'write');

  const span = 730 * DAY_MS;
  for (let start = 0; start < incidentCount; start += 500) {
    const statements: InStatement[] = [];
    for (let i = start; i < Math.min(start + 500, incidentCount); i++) {
      const begin = now - span + Math.floor((span * i) / incidentCount);
      statements.push(...incidentStatements(i, begin, componentIds[i % componentIds.length] ?? '', stamp));
    }
    await db.batch(statements, 'write');
  }
}

function incidentStatements(
  i: number,
  begin: number,
  componentId: string,
  stamp: (ms: number) => string,
): InStatement[] {
  const id = newId('inc');
  const end = begin + 45 * 60_000;
  const steps = [
    ['investigating', `We are investigating elevated error rates (#${i}).`, begin],
    ['identified', 'The cause is identified: a faulty deploy. Rolling back.', begin + 15 * 60_000],
    ['resolved', 'The rollback is complete and error rates are back to normal.', end],
  ] as const;
  return [
    {
      sql: `INSERT INTO incidents (id, name, status, impact, started_at, resolved_at, created_at, updated_at)
            VALUES (?, ?, 'resolved', ?, ?, ?, ?, ?)`,
      args: [
        id,
        `Elevated errors #${i}`,
        i % 3 === 0 ? 'major' : 'minor',
        stamp(begin),
        stamp(end),
        stamp(begin),
        stamp(end),
      ],
    },
    {
      sql: 'INSERT INTO incident_components (incident_id, component_id) VALUES (?, ?)',
      args: [id, componentId],
    },
    ...steps.map(([status, body, at]) => ({
      sql: `INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [newId('upd'), id, status, body, stamp(at), stamp(at), stamp(at)],
    })),
  ];
}
