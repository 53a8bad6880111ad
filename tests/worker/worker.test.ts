// The Worker bundle from `wrangler deploy --dry-run`, run in workerd against the dev libSQL server:
// the same answers as the Node server, admin writes, the deploy hook, and the cron trigger.
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type Client, createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { sha256Hex } from '../../db/hash.ts';
import { type HookServer, startHookServer } from '../support/hook-server.ts';
import { buildWorker, startWorker, tempWorkerDir, type WorkerSetup } from '../support/worker.ts';

const ADMIN_TOKEN = `worker-test-${crypto.randomUUID()}`;
const PUBLIC_URL = 'https://status.example.test';

let build: ReturnType<typeof tempWorkerDir>;
let hook: HookServer;
let worker: WorkerSetup;

beforeAll(async () => {
  build = tempWorkerDir();
  const { stdout } = await buildWorker(build.dir);
  expect(stdout).toMatch(/--dry-run: exiting now/);
  hook = await startHookServer();
  worker = await startWorker({
    workerDir: build.dir,
    demo: true,
    publicUrl: PUBLIC_URL,
    secrets: { CANDOR_ADMIN_TOKEN: ADMIN_TOKEN, CANDOR_DEPLOY_HOOK_URL: hook.url },
    vars: { CANDOR_PUBLISH_DELAY_SECONDS: '0' },
  });
  const db = createClient({ url: `file:${worker.file}` });
  local = { db, app: createApp({ database: () => db }) };
}, 120_000);

afterAll(async () => {
  local?.db.close();
  await worker?.close();
  await hook?.close();
  build?.remove();
});

// Answers are read loosely: each test asserts the very fields it reads.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = any;

function admin(method: string, path: string, body?: unknown) {
  return worker.harness.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The same database file, read directly and through the Node app. */
let local: { db: Client; app: ReturnType<typeof createApp> };

function rawGet(url: URL, acceptEncoding: string): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { 'Accept-Encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** The site publishes in the outbox (incident changes add notification entries besides). */
async function outboxStates(): Promise<Array<{ kind: string; state: string }>> {
  const { rows } = await local.db.execute(
    "SELECT kind, state FROM outbox WHERE kind = 'site.publish' ORDER BY created_at, id",
  );
  return rows.map((row) => ({ kind: String(row.kind), state: String(row.state) }));
}

describe('the Worker in workerd', () => {
  it('serves the public JSON brotli- and gzip-compressed once, with the security headers', async () => {
    // Over a plain socket: the harness's fetch would decode the body and hide a double encoding.
    const { url } = await worker.harness.listen();
    const plain = await rawGet(new URL('/api/v2/summary.json', url), 'identity');
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const response = await rawGet(new URL('/api/v2/summary.json', url), encoding);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(decode(response.body).toString()).toBe(plain.body.toString());
    }
  });

  it('answers public JSON exactly as the Node server does over the same data', async () => {
    for (const path of ['/api/v2/summary.json', '/api/v2/components.json', '/api/v2/incidents.json']) {
      const fromWorker = await worker.harness.fetch(path);
      expect(fromWorker.status, path).toBe(200);
      expect(fromWorker.headers.get('content-type')).toMatch(/^application\/json/);
      const fromNode = await local.app.request(path);
      expect(await fromWorker.json(), path).toEqual(await fromNode.json());
    }
    const summary: Loose = await (await worker.harness.fetch('/api/v2/summary.json')).json();
    expect(summary.page.url).toBe(PUBLIC_URL);
    expect(summary.components.length).toBeGreaterThan(0);
  });

  it('lets the live script on the static host read the public JSON (CORS)', async () => {
    const response = await worker.harness.fetch('/api/v2/status.json', { headers: { Origin: PUBLIC_URL } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('sends people who open a page on the API address to the static site', async () => {
    const response = await worker.harness.fetch('/incidents/abc?x=1', { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${PUBLIC_URL}/incidents/abc`);
    const tricky = await worker.harness.fetch('//evil.example/', { redirect: 'manual' });
    expect(new URL(tricky.headers.get('location') ?? '').host).toBe('status.example.test');
  });

  it('serves the console: the sign-in form signed out, and a token sign-in that opens Now', async () => {
    const signedOut = await worker.harness.fetch('/admin/');
    expect(signedOut.status).toBe(200);
    const form = await signedOut.text();
    expect(form).toContain('Email me a sign-in link');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const formCookie = (signedOut.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
    const signIn = await worker.harness.fetch('/admin/sign-in', {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: formCookie,
        'Sec-Fetch-Site': 'same-origin',
      },
      body: new URLSearchParams({ csrf, token: ADMIN_TOKEN }),
    });
    expect(signIn.status).toBe(303);
    const session = (signIn.headers.get('Set-Cookie') ?? '').split(';')[0] ?? '';
    expect(session).toMatch(/^candor_session=/);
    const now = await worker.harness.fetch('/admin/', { headers: { Cookie: session } });
    expect(await now.text()).toContain('<h1>Now</h1>');
  });

  it('refuses admin writes without the token, and bad input with a problem naming the field', async () => {
    const anonymous = await worker.harness.fetch('/admin/v1/components', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Nope' }),
    });
    expect(anonymous.status).toBe(401);
    const bad = await admin('POST', '/admin/v1/incidents', { name: '', status: 'melting' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem: Loose = await bad.json();
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/name', '/status']),
    );
    expect(hook.requests).toHaveLength(0);
    expect(await outboxStates()).toEqual([]);
  });

  it('stores an admin write in the libSQL server, serves it at once and publishes the site once', async () => {
    const components: Loose = await (await admin('GET', '/admin/v1/components')).json();
    const component = components[0];
    const created = await admin('POST', '/admin/v1/incidents', {
      name: 'Checkout errors',
      status: 'investigating',
      impact: 'major',
      message: 'Payments fail for some customers.',
      components: { [component.id]: 'partial_outage' },
    });
    expect(created.status).toBe(201);
    const incident: Loose = await created.json();

    // In the database behind the server…
    const stored = await local.db.execute({
      sql: 'SELECT name FROM incidents WHERE id = ?',
      args: [incident.id],
    });
    expect(stored.rows[0]?.name).toBe('Checkout errors');
    // …in the Worker's public JSON straight away…
    const summary: Loose = await (await worker.harness.fetch('/api/v2/summary.json')).json();
    expect(summary.incidents.map((i: { id: string }) => i.id)).toContain(incident.id);
    expect(summary.components.find((c: { id: string }) => c.id === component.id).status).toBe(
      'partial_outage',
    );

    // …and one call to the deploy hook, made in waitUntil after the response.
    const [call] = await hook.waitForRequests(1);
    expect(call?.method).toBe('POST');
    expect(call?.headers['idempotency-key']).toMatch(/^obx_/);
    expect(JSON.parse(call?.body ?? '{}').event_type).toBe('candor-site-publish');
    await expect.poll(outboxStates).toEqual([{ kind: 'site.publish', state: 'sent' }]);
  });

  it('runs the scheduled jobs: publishes what changed since, and nothing twice', async () => {
    const before = hook.requests.length;
    // A change made elsewhere (e.g. the Node app or a second Worker whose waitUntil was cut short).
    {
      const token = 'direct-write-token-0123456789';
      const app = createApp({ database: () => local.db, bootstrapTokenHash: await sha256Hex(token) });
      const response = await app.request('/admin/v1/components', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Search' }),
      });
      expect(response.status).toBe(201);
    }

    const scheduledWorker = worker.harness.getWorker();
    const first = await scheduledWorker.scheduled({ cron: '* * * * *', scheduledTime: new Date() });
    expect(first.outcome).toBe('ok');
    await hook.waitForRequests(before + 1);
    expect(hook.requests).toHaveLength(before + 1);

    const second = await scheduledWorker.scheduled({ cron: '* * * * *', scheduledTime: new Date() });
    expect(second.outcome).toBe('ok');
    expect(hook.requests).toHaveLength(before + 1);
    expect(await outboxStates()).toEqual([
      { kind: 'site.publish', state: 'sent' },
      { kind: 'site.publish', state: 'sent' },
    ]);
  });

  it('retries a publish the hook refused for a while, from the cron trigger', async () => {
    hook.answerWith(503);
    const before = hook.requests.length;
    const created = await admin('POST', '/admin/v1/components', { name: 'Webhooks' });
    expect(created.status).toBe(201);
    await hook.waitForRequests(before + 1);
    await expect
      .poll(async () => (await outboxStates()).at(-1))
      .toEqual({ kind: 'site.publish', state: 'pending' });

    // Not due yet: the back-off keeps the cron from hammering the host.
    await worker.harness.getWorker().scheduled({ cron: '* * * * *', scheduledTime: new Date() });
    expect(hook.requests).toHaveLength(before + 1);
    await local.db.execute(
      "UPDATE outbox SET available_at = '2000-01-01T00:00:00.000Z' WHERE state = 'pending'",
    );
    await worker.harness.getWorker().scheduled({ cron: '* * * * *', scheduledTime: new Date() });
    expect(hook.requests).toHaveLength(before + 2);
    const [first, retry] = hook.requests.slice(before);
    expect(retry?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect((await outboxStates()).at(-1)).toEqual({ kind: 'site.publish', state: 'sent' });
  });

  it('answers 500 with a problem when a setting is wrong, and its log names the setting', async () => {
    const misconfigured = await startWorker({
      workerDir: build.dir,
      secrets: { DATABASE_URL: 'file:data/candor.db', CANDOR_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    try {
      const response = await misconfigured.harness.fetch('/api/v2/summary.json');
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem: Loose = await response.json();
      expect(problem.detail).toMatch(/misconfigured/);
      expect(JSON.stringify(problem)).not.toContain('file:data');
      await expect
        .poll(() =>
          misconfigured.harness
            .getLogs()
            .map((log) => log.message)
            .join('\n'),
        )
        .toMatch(/DATABASE_URL: must be the libsql:\/\/ or https:\/\//);
    } finally {
      await misconfigured.close();
    }
  });
});
