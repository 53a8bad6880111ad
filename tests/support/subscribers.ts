import type { Client } from '@libsql/client';
import { listOutboxEntries } from '../../db/queries/outbox.ts';
import type { TestApp } from './app.ts';

/** A mutable clock for createTestApp: `advance` moves it on. */
export function testClock(start = '2026-11-30T12:00:00.000Z') {
  let now = Date.parse(start);
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** POSTs JSON to /api/subscribe from `ip` (a distinct CF-Connecting-IP keeps rate limits apart). */
export function subscribeJson(t: TestApp, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request('/api/subscribe', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'CF-Connecting-IP': `198.51.100.${Math.floor(Math.random() * 250)}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** POSTs a form (urlencoded) to `path`. */
export function postForm(
  t: TestApp,
  path: string,
  fields: [string, string][],
  headers: Record<string, string> = {},
) {
  return t.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export interface ConfirmationEntry {
  subscriber_id: string;
  token: string;
}

/** The payloads of the subscriber.confirmation outbox entries, oldest first. */
export async function confirmationEntries(db: Client): Promise<ConfirmationEntry[]> {
  const entries = await listOutboxEntries(db, { limit: 1000 });
  return entries
    .filter((entry) => entry.kind === 'subscriber.confirmation')
    .reverse()
    .map((entry) => entry.payload as ConfirmationEntry);
}

/** The state of the subscriber with this address, or null. */
export async function stateOf(db: Client, email: string): Promise<string | null> {
  const result = await db.execute({
    sql: 'SELECT state FROM subscribers WHERE email = :email',
    args: { email },
  });
  return result.rows[0] ? String(result.rows[0].state) : null;
}
