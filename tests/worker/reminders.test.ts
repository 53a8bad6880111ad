// The Worker's cron trigger sends the update reminders the Node scheduler sends: the same job code,
// the same dedupe keys (so a Node process and a Worker sharing a database send each once), the
// same email through Resend and the same chat message through the guarded fetch.
import { type Client, createClient } from '@libsql/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runScheduledJobs } from '../../api/jobs/scheduled.ts';
import { keepingMailer, type SentEmail } from '../support/cadence.ts';
import { type FakeResend, startFakeResend } from '../support/fake-resend.ts';
import { type HookServer, startHookServer } from '../support/hook-server.ts';
import { LOOPBACK_ALLOWED } from '../support/webhooks.ts';
import { buildWorker, startWorker, tempWorkerDir, type WorkerSetup } from '../support/worker.ts';

const ADMIN_TOKEN = `worker-test-${crypto.randomUUID()}`;
const API_ORIGIN = 'https://api.status.example.test';

let build: ReturnType<typeof tempWorkerDir>;
let worker: WorkerSetup;
let resend: FakeResend;
let chat: HookServer;
let db: Client;

beforeAll(async () => {
  build = tempWorkerDir();
  await buildWorker(build.dir);
}, 120_000);

// Inside the test: the fake Resend server lives as long as the test that starts it.
async function startWorld(): Promise<void> {
  resend = await startFakeResend();
  chat = await startHookServer();
  worker = await startWorker({
    workerDir: build.dir,
    secrets: {
      CANDOR_ADMIN_TOKEN: ADMIN_TOKEN,
      RESEND_API_KEY: 're_test',
      RESEND_BASE_URL: resend.url,
      CANDOR_EMAIL_FROM: 'Status <status@example.test>',
    },
    vars: { CANDOR_ALLOW_PRIVATE_WEBHOOKS: '1', CANDOR_API_ORIGIN: API_ORIGIN },
  });
  db = createClient({ url: `file:${worker.file}` });
}

afterAll(async () => {
  db?.close();
  await worker?.close();
  await chat?.close();
  build?.remove();
});

function admin(method: string, path: string, body: unknown) {
  return worker.harness.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const scheduled = () =>
  worker.harness.getWorker().scheduled({ cron: '* * * * *', scheduledTime: new Date() });

it('sends from scheduled() exactly the reminders the Node scheduler sends, and each once', async () => {
  await startWorld();
  expect(
    (
      await admin('PATCH', '/admin/v1/page', {
        escalation_email: 'oncall@example.test',
        chat_webhook_url: chat.url,
      })
    ).status,
  ).toBe(200);
  const created = await admin('POST', '/admin/v1/incidents', {
    name: 'Checkout down',
    status: 'investigating',
    impact: 'critical',
    message: 'Looking.',
    lead: { email: 'ann@example.test', name: 'Ann Lee' },
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  // The Worker runs on the wall clock: make the last public update 40 minutes old (critical:
  // due after 30, escalated after 45), so the overdue reminder is the one due now.
  const fortyMinutesAgo = new Date(Date.now() - 40 * 60_000).toISOString();
  await db.execute({
    sql: 'UPDATE incident_updates SET created_at = ? WHERE incident_id = ?',
    args: [fortyMinutesAgo, id],
  });

  await scheduled();
  const pageName = String((await db.execute('SELECT name FROM page')).rows[0]?.name);
  expect(resend.delivered.map((email) => [email.to, email.subject])).toEqual([
    [['ann@example.test'], `[${pageName}] Update overdue: Checkout down`],
  ]);
  await chat.waitForRequests(1);
  const fromWorker = { email: resend.delivered[0], chat: chat.requests[0]?.body };

  // The Node path, on the same data once the Worker's entries are forgotten.
  await db.execute("DELETE FROM outbox WHERE kind LIKE 'reminder.%'");
  const nodeMail: SentEmail[] = [];
  const nodeChat = await startHookServer();
  try {
    await db.execute({ sql: 'UPDATE page SET chat_webhook_url = ?', args: [nodeChat.url] });
    await runScheduledJobs(db, {
      mail: { mailer: keepingMailer(nodeMail), linkOrigin: API_ORIGIN },
      webhooks: { policy: LOOPBACK_ALLOWED },
    });
    expect(nodeMail.map((email) => [email.to, email.subject, email.text, email.html])).toEqual([
      ['ann@example.test', fromWorker.email?.subject, fromWorker.email?.text, fromWorker.email?.html],
    ]);
    expect(nodeChat.requests.map((request) => request.body)).toEqual([fromWorker.chat]);
    expect(fromWorker.email?.text).toContain(`curl -X POST ${API_ORIGIN}/admin/v1/incidents/${id}/updates`);
  } finally {
    await nodeChat.close();
  }

  // Each once: the Worker's next run finds the Node run's claims.
  await scheduled();
  expect(resend.delivered).toHaveLength(1);
  expect(chat.requests).toHaveLength(1);
}, 120_000);
