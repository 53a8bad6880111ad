import type { Client } from '@libsql/client';
import { createApp } from '../../api/app.ts';
import type { TargetPolicy } from '../../api/webhooks/target-guard.ts';
import { sha256Hex } from '../../db/hash.ts';
import { createTestDatabase } from './database.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Client;
  /** A valid admin token (the bootstrap token of this app). */
  token: string;
  /** Calls to onDataChanged so far. */
  changes: { count: number };
  /** Sends a JSON request with the admin token; `body` is serialised when given. */
  admin: (method: string, path: string, body?: unknown) => Promise<Response>;
}

/** The real app over a fresh temp-file database, driven in-process through app.request(). */
export async function createTestApp(
  options: { clock?: () => Date; webhookPolicy?: TargetPolicy } = {},
): Promise<TestApp> {
  const { db } = await createTestDatabase();
  const token = `test-${crypto.randomUUID()}`;
  const changes = { count: 0 };
  const app = createApp({
    database: () => db,
    bootstrapTokenHash: await sha256Hex(token),
    onDataChanged: () => {
      changes.count += 1;
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.webhookPolicy ? { webhookPolicy: options.webhookPolicy } : {}),
  });
  const admin = (method: string, path: string, body?: unknown) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  return { app, db, token, changes, admin };
}
