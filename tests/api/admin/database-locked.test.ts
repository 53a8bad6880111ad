// Another process holding the database's write lock (a migration, a backup, a second server):
// writes wait for it, and answer 503 with Retry-After, not a 500 and a stack, when it lasts.
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApp } from '../../../api/app.ts';
import { openNodeDatabase } from '../../../db/client.ts';
import { sha256Hex } from '../../../db/hash.ts';
import { createTestDatabase } from '../../support/database.ts';
import { holdWriteLock } from '../../support/write-lock.ts';

async function appWithBusyTimeout(busyTimeoutMs: number) {
  const { url } = await createTestDatabase();
  const db = await openNodeDatabase(url, undefined, { busyTimeoutMs });
  onTestFinished(() => db.close());
  // A server that has served concurrent requests has several connections in its pool.
  await Promise.all([1, 2, 3, 4].map(() => db.execute('SELECT 1')));
  const token = `test-${crypto.randomUUID()}`;
  const app = createApp({ database: () => db, bootstrapTokenHash: await sha256Hex(token) });
  const createComponent = (name: string) =>
    Promise.resolve(
      app.request('/admin/v1/components', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name }),
      }),
    );
  return { db, file: fileURLToPath(url), createComponent };
}

const countComponents = async (db: Awaited<ReturnType<typeof openNodeDatabase>>) =>
  Number((await db.execute('SELECT count(*) AS n FROM components')).rows[0]?.n);

describe('admin writes while another process holds the write lock', () => {
  it('wait for the lock and succeed once it is released, however many run at once', async () => {
    const { db, file, createComponent } = await appWithBusyTimeout(5000);
    const started = performance.now();
    await holdWriteLock(file, 500);
    const responses = await Promise.all(['A', 'B', 'C', 'D'].map((name) => createComponent(name)));
    const statuses = responses.map((response) => response.status);
    expect(statuses).toEqual([201, 201, 201, 201]);
    expect(await countComponents(db)).toBe(4);
    expect(performance.now() - started).toBeGreaterThan(400);
  });

  it('answer 503 with Retry-After and log one line when the lock outlasts the timeout', async () => {
    const { db, file, createComponent } = await appWithBusyTimeout(200);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    onTestFinished(() => errors.mockRestore());
    // Held well past the 200 ms timeout, however slowly this request reaches its write.
    const lock = await holdWriteLock(file, 3000);
    const response = await createComponent('Blocked');
    await lock.released;

    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('2');
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: '/problems/unavailable', status: 503 });
    expect(errors).toHaveBeenCalledTimes(1);
    const logged = errors.mock.calls[0] ?? [];
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).not.toContain('\n');
    expect(String(logged[0])).toContain('POST /admin/v1/components');
    expect(await countComponents(db)).toBe(0);
  });
});
