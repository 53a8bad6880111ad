// Fan-out: one incident update to N active subscribers, sent by the real server (`npm start`'s
// entry in a child process, RESEND_API_KEY and RESEND_BASE_URL set) to a local Resend stand-in
// that checks every call as Resend documents it and allows only a few calls a second. Measured
// from outside, at the stand-in: when the last email arrived, and which addresses got none or
// more than one. A repeated idempotency key is no second delivery (Resend answers it from memory);
// two keys reaching one address for one update are.
import { openNodeDatabase } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { insertSubscriberStatement } from '../../db/queries/subscriber-writes.ts';
import { type Failure, type ResendStub, startResendStub } from '../support/resend-stub.ts';
import { type BenchServer, findFreePort, prepareHistory, startBenchServer } from './server.ts';

export interface FanOutScenario {
  name: string;
  subscribers: number;
  /** The stand-in's limit, and RESEND_REQUESTS_PER_SECOND. */
  requestsPerSecond: number;
  /** Inject 429s and 500s, and SIGKILL the server once this share of the emails has arrived. */
  chaos: boolean;
}

export interface FanOutResult extends FanOutScenario {
  /** Batch calls needed at 100 emails a call, at the rate limit: the floor of the time to the last email. */
  floorMs: number;
  /** From the admin POST of the update to the stand-in accepting the last email. */
  lastDeliveryMs: number;
  /** … and the first: the fan-out's own work before sending starts. */
  firstDeliveryMs: number;
  calls: { accepted: number; total: number; rateLimited: number; injected: number; replayed: number };
  /** Wall time from the kill to the restarted server serving its page (chaos only). */
  restartMs: number | null;
  killedAfterEmails: number | null;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Delivery records the server marked sent (its own account of the same thing). */
  recordedSent: number;
  violations: string[];
}

const BATCH_SIZE = 100;
const KILL_AT_SHARE = 0.4;
const DELIVERY_TIMEOUT_MS = 240_000;
const ADMIN_TOKEN = `bench-token-${crypto.randomUUID()}`;

const address = (index: number) => `reader-${String(index).padStart(6, '0')}@bench.example`;

/** Every 9th call a 429 with Retry-After, every 13th a 500 without one (beyond the rate limit's own 429s). */
function injectedFailure(request: number): Failure | undefined {
  if (request % 9 === 0) return { status: 429, retryAfter: '1' };
  if (request % 13 === 0) return { status: 500 };
  return undefined;
}

async function insertSubscribers(dataDir: string, count: number): Promise<void> {
  const db = await openNodeDatabase(`file:${dataDir}/candor.db`);
  try {
    const now = new Date().toISOString();
    for (let start = 0; start < count; start += 1000) {
      const statements = [];
      for (let index = start; index < Math.min(start + 1000, count); index += 1) {
        statements.push(
          insertSubscriberStatement({
            id: newId('sub'),
            email: address(index),
            state: 'active',
            minImpact: 'none',
            confirmTokenHash: null,
            confirmExpiresAt: null,
            now,
          }),
        );
      }
      await db.batch(statements, 'write');
    }
  } finally {
    db.close();
  }
}

async function countRecordedSent(dataDir: string): Promise<number> {
  const db = await openNodeDatabase(`file:${dataDir}/candor.db`);
  try {
    const result = await db.execute("SELECT count(*) AS n FROM email_deliveries WHERE state = 'sent'");
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    db.close();
  }
}

export async function measureFanOut(scenario: FanOutScenario): Promise<FanOutResult> {
  const dataDir = await prepareHistory(0);
  await insertSubscribers(dataDir, scenario.subscribers);
  let injected = 0;
  const stub = await startResendStub({
    requestsPerSecond: scenario.requestsPerSecond,
    keepContent: false,
    beforeAnswer: (request) => {
      const failure = scenario.chaos ? injectedFailure(request) : undefined;
      if (failure) injected += 1;
      return failure;
    },
  });
  const port = await findFreePort();
  const options = {
    demo: false,
    port,
    env: {
      CANDOR_ADMIN_TOKEN: ADMIN_TOKEN,
      RESEND_API_KEY: 're_bench_key',
      RESEND_BASE_URL: stub.url,
      RESEND_REQUESTS_PER_SECOND: String(scenario.requestsPerSecond),
      CANDOR_EMAIL_FROM: 'Bench Status <status@bench.example>',
    },
  };
  let server: BenchServer = await startBenchServer(dataDir, options);
  try {
    const incident = await admin<{ id: string }>(server, 'POST', '/admin/v1/incidents', {
      name: 'Fan-out benchmark',
      status: 'investigating',
      impact: 'major',
      message: 'Opened quietly, so that only the update below is sent.',
      deliver_notifications: false,
    });
    const posted = performance.now();
    await admin(server, 'POST', `/admin/v1/incidents/${incident.id}/updates`, {
      status: 'identified',
      message: 'We found the cause and are **rolling back** the deploy. See <https://example.com/notes>.',
    });
    let restartMs: number | null = null;
    let killedAfterEmails: number | null = null;
    if (scenario.chaos) {
      await waitFor(() => stub.delivered.length >= scenario.subscribers * KILL_AT_SHARE, 'the kill point');
      await server.kill();
      killedAfterEmails = stub.delivered.length;
      const killed = performance.now();
      server = await startBenchServer(dataDir, options);
      restartMs = Math.round(performance.now() - killed);
    }
    await waitFor(() => uniqueRecipients(stub) >= scenario.subscribers, 'every subscriber');
    // A duplicate could still be on its way: wait until the server has nothing left to send.
    await waitFor(async () => (await unsentEmailEntries(server)) === 0, 'an empty outbox');
    const acceptedAt = stub.delivered.map((email) => email.acceptedAt);
    const lastAccepted = Math.max(...acceptedAt);
    const recordedSent = await countRecordedSent(dataDir);
    return {
      ...scenario,
      floorMs: (Math.ceil(scenario.subscribers / BATCH_SIZE) / scenario.requestsPerSecond) * 1000,
      lastDeliveryMs: Math.round(lastAccepted - posted),
      firstDeliveryMs: Math.round(Math.min(...acceptedAt) - posted),
      calls: {
        accepted: new Set(stub.delivered.map((email) => email.idempotencyKey)).size,
        total: stub.requests,
        rateLimited: stub.rateLimited,
        injected,
        replayed: stub.replayed,
      },
      restartMs,
      killedAfterEmails,
      ...countDeliveries(stub, scenario.subscribers),
      recordedSent,
      violations: stub.violations,
    };
  } finally {
    await server.stop();
    await stub.close();
  }
}

function uniqueRecipients(stub: ResendStub): number {
  return new Set(stub.delivered.flatMap((email) => email.to)).size;
}

function countDeliveries(stub: ResendStub, subscribers: number) {
  const received = new Map<string, number>();
  for (const email of stub.delivered) {
    for (const to of email.to) received.set(to, (received.get(to) ?? 0) + 1);
  }
  let lost = 0;
  for (let index = 0; index < subscribers; index += 1) if (!received.has(address(index))) lost += 1;
  const duplicated = [...received.values()].reduce((sum, times) => sum + times - 1, 0);
  return { delivered: stub.delivered.length, lost, duplicated };
}

async function unsentEmailEntries(server: BenchServer): Promise<number> {
  let unsent = 0;
  for (const state of ['pending', 'sending']) {
    const entries = await admin<Array<{ kind: string }>>(
      server,
      'GET',
      `/admin/v1/outbox?state=${state}&limit=200`,
    );
    unsent += entries.filter(
      (entry) => entry.kind === 'email.batch' || entry.kind === 'incident.notify',
    ).length;
  }
  return unsent;
}

async function waitFor(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + DELIVERY_TIMEOUT_MS;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`fan-out: gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function admin<T>(server: BenchServer, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}
