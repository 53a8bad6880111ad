// A maintenance window in the Worker: its cron trigger starts and completes the window by itself,
// with the job code the Node scheduler runs (api/jobs/scheduled.ts), and the public JSON follows.
import { type Client, createClient } from '@libsql/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorker, startWorker, tempWorkerDir, type WorkerSetup } from '../support/worker.ts';

const ADMIN_TOKEN = `worker-test-${crypto.randomUUID()}`;
const MINUTE = 60_000;

let build: ReturnType<typeof tempWorkerDir>;
let worker: WorkerSetup;
let db: Client;

beforeAll(async () => {
  build = tempWorkerDir();
  await buildWorker(build.dir);
  worker = await startWorker({ workerDir: build.dir, secrets: { CANDOR_ADMIN_TOKEN: ADMIN_TOKEN } });
  db = createClient({ url: `file:${worker.file}` });
}, 120_000);

afterAll(async () => {
  db?.close();
  await worker?.close();
  build?.remove();
});

async function admin(method: string, path: string, body: unknown) {
  const response = await worker.harness.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const scheduled = () =>
  worker.harness.getWorker().scheduled({ cron: '* * * * *', scheduledTime: new Date() });

async function publicJson(path: string) {
  return (await (await worker.harness.fetch(path)).json()) as Record<string, unknown>;
}

const componentStatus = async (id: string) =>
  String(
    (await db.execute({ sql: 'SELECT status FROM components WHERE id = ?', args: [id] })).rows[0]?.status,
  );

it('starts and completes a window from scheduled(), putting its components under maintenance and back', async () => {
  const component = await admin('POST', '/admin/v1/components', { name: 'Database' });
  expect(component.status).toBe(201);
  const componentId = String(component.json.id);
  const now = Date.now();
  const created = await admin('POST', '/admin/v1/maintenances', {
    name: 'Database upgrade',
    scheduled_for: new Date(now + 60 * MINUTE).toISOString(),
    scheduled_until: new Date(now + 120 * MINUTE).toISOString(),
    components: [componentId],
    message: 'Read-only for a few minutes.',
  });
  expect(created.status).toBe(201);
  const id = String(created.json.id);

  // The Worker runs on the wall clock: move the window so that it has begun.
  await db.execute({
    sql: 'UPDATE maintenances SET scheduled_for = ?, scheduled_until = ? WHERE id = ?',
    args: [new Date(Date.now() - MINUTE).toISOString(), new Date(Date.now() + 60 * MINUTE).toISOString(), id],
  });
  await scheduled();
  expect(await componentStatus(componentId)).toBe('under_maintenance');
  const active = (await publicJson('/api/v2/scheduled-maintenances/active.json')) as {
    scheduled_maintenances: Array<{ id: string; status: string }>;
  };
  expect(active.scheduled_maintenances.map((window) => [window.id, window.status])).toEqual([
    [id, 'in_progress'],
  ]);

  // Again at once: nothing more happens (the transition is claimed once).
  await scheduled();
  const updates = await db.execute({
    sql: 'SELECT status FROM maintenance_updates WHERE maintenance_id = ? ORDER BY created_at',
    args: [id],
  });
  expect(updates.rows.map((row) => row.status)).toEqual(['scheduled', 'in_progress']);

  // Its end passed: completed, and the component has its status back.
  await db.execute({
    sql: 'UPDATE maintenances SET scheduled_until = ? WHERE id = ?',
    args: [new Date(Date.now() - 1000).toISOString(), id],
  });
  await scheduled();
  expect(await componentStatus(componentId)).toBe('operational');
  // The public JSON, held in the isolate's memory, catches up with a change made by a job (not an
  // admin write) at its next data-version check, within 5 s.
  await expect
    .poll(
      async () => {
        const all = (await publicJson('/api/v2/scheduled-maintenances.json')) as {
          scheduled_maintenances: Array<{ id: string; status: string }>;
        };
        return all.scheduled_maintenances.find((window) => window.id === id)?.status;
      },
      { timeout: 15_000, interval: 500 },
    )
    .toBe('completed');
  await expect
    .poll(
      async () => (await publicJson('/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances,
      {
        timeout: 15_000,
        interval: 500,
      },
    )
    .toEqual([]);
}, 120_000);
