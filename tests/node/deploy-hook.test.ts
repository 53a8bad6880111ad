// The Node server with CANDOR_DEPLOY_HOOK_URL set (a copy of the site on a static host as well):
// a publish at start-up for data never published, then one per burst of changes.
import { afterEach, expect, it } from 'vitest';
import { type HookServer, startHookServer } from '../support/hook-server.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let hook: HookServer | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  await hook?.close();
});

async function publishStates(s: TestServer): Promise<string[]> {
  const { rows } = await s.db.execute(
    "SELECT state FROM outbox WHERE kind = 'site.publish' ORDER BY created_at",
  );
  return rows.map((row) => String(row.state));
}

it('calls the deploy hook once at start-up and once for a burst of writes', async () => {
  hook = await startHookServer();
  // A wide debounce, so that a slow machine still makes the three writes within it.
  server = await startTestServer({ CANDOR_DEPLOY_HOOK_URL: hook.url, CANDOR_REBUILD_DEBOUNCE_MS: '2000' });
  await hook.waitForRequests(1);
  await expect.poll(() => publishStates(server as TestServer)).toEqual(['sent']);

  for (const name of ['Search', 'Billing', 'Exports']) {
    expect((await server.admin('POST', '/admin/v1/components', { name })).status).toBe(201);
  }
  expect(await publishStates(server)).toEqual(['sent', 'pending']);
  await hook.waitForRequests(2);
  await expect.poll(() => publishStates(server as TestServer)).toEqual(['sent', 'sent']);
  expect(new Set(hook.requests.map((r) => r.headers['idempotency-key'])).size).toBe(2);
}, 60_000);
