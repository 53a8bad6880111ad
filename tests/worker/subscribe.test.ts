// The subscriber flow through the Worker bundle in workerd, against the dev libSQL server: the
// same routes as on Node, with the rate limit and the link key kept in the database.
import { type Client, createClient } from '@libsql/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorker, startWorker, tempWorkerDir, type WorkerSetup } from '../support/worker.ts';

const PUBLIC_URL = 'https://status.example.test';

let build: ReturnType<typeof tempWorkerDir>;
let worker: WorkerSetup;
let db: Client;

beforeAll(async () => {
  build = tempWorkerDir();
  await buildWorker(build.dir);
  worker = await startWorker({
    workerDir: build.dir,
    demo: true,
    publicUrl: PUBLIC_URL,
    secrets: { CANDOR_ADMIN_TOKEN: `worker-test-${crypto.randomUUID()}` },
  });
  db = createClient({ url: `file:${worker.file}` });
}, 120_000);

afterAll(async () => {
  db?.close();
  await worker?.close();
  build?.remove();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

it('subscribes with CORS for the page, confirms by POST and unsubscribes in one click on Workers', async () => {
  const subscribed = await worker.harness.fetch('/api/subscribe', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: PUBLIC_URL, 'CF-Connecting-IP': '203.0.113.5' },
    body: JSON.stringify({ email: 'edge@example.com' }),
  });
  expect(subscribed.status).toBe(202);
  expect(subscribed.headers.get('access-control-allow-origin')).toBe(PUBLIC_URL);
  const buckets = await db.execute(
    "SELECT bucket FROM rate_limit_buckets WHERE bucket LIKE 'subscribe:ip:%'",
  );
  expect(buckets.rows.map((row) => row.bucket)).toEqual(['subscribe:ip:203.0.113.5']);

  const entry = await db.execute("SELECT payload FROM outbox WHERE kind = 'subscriber.confirmation'");
  const { token } = JSON.parse(String(entry.rows[0]?.payload)) as { token: string };
  expect((await worker.harness.fetch(`/subscribe/confirm?token=${token}`)).status).toBe(200);
  const confirmed = await worker.harness.fetch('/subscribe/confirm', form({ token }));
  const page = await confirmed.text();
  expect(page).toContain('Subscription confirmed');
  const manage = page.match(/href="[^"]*\/subscribe\/manage\?token=([^"]+)"/)?.[1] ?? '';
  expect(manage).not.toBe('');

  const unsubscribed = await worker.harness.fetch(
    `/unsubscribe?token=${manage}`,
    form({ 'List-Unsubscribe': 'One-Click' }),
  );
  expect(unsubscribed.status).toBe(200);
  const state = await db.execute("SELECT state FROM subscribers WHERE email = 'edge@example.com'");
  expect(state.rows[0]?.state).toBe('unsubscribed');
});
