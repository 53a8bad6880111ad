// What `npm start` does, through the real server: migrations, demo seed, first admin token, the
// first site build, and a second start on the same data that changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNodeConfig } from '../../api/env.ts';
import { type RunningServer, startNodeServer } from '../../api/node-server.ts';

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function freshConfig(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-start-'));
  dataDirs.push(dataDir);
  return readNodeConfig({ CANDOR_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', ...env });
}

async function count(server: RunningServer, table: string): Promise<number> {
  const { rows } = await server.db.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

async function withServer<T>(
  config: ReturnType<typeof readNodeConfig>,
  use: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const server = await startNodeServer(config, { log: () => undefined });
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}

describe('npm start', () => {
  it('seeds the demo page, issues one working admin token and serves the built site', async () => {
    const config = freshConfig();
    const first = await withServer(config, async (server) => {
      expect(server.createdAdminToken).toMatch(/^cnd_/);
      const summary = (await (await fetch(`${server.url}/api/v2/summary.json`)).json()) as {
        components: Array<{ group: boolean }>;
        status: { indicator: string };
      };
      expect(summary.components.filter((c) => c.group)).toHaveLength(2);
      expect(summary.components.filter((c) => !c.group)).toHaveLength(8);
      expect(summary.status.indicator).toBe('none');

      const incidents = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
        incidents: Array<{ status: string; incident_updates: unknown[] }>;
      };
      expect(incidents.incidents.length).toBeGreaterThanOrEqual(3);
      expect(incidents.incidents.every((i) => i.status === 'resolved')).toBe(true);
      expect(Math.max(...incidents.incidents.map((i) => i.incident_updates.length))).toBeGreaterThanOrEqual(
        3,
      );

      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Web app');

      const withToken = await fetch(`${server.url}/admin/v1/components`, {
        headers: { Authorization: `Bearer ${server.createdAdminToken}` },
      });
      expect(withToken.status).toBe(200);
      return { incidents: await count(server, 'incidents'), builds: await count(server, 'site_builds') };
    });
    expect(first.builds).toBe(1);

    // A restart finds everything in place: no second seed, no second token, no rebuild.
    await withServer(config, async (server) => {
      expect(server.createdAdminToken).toBeUndefined();
      expect(await count(server, 'incidents')).toBe(first.incidents);
      expect(await count(server, 'admin_tokens')).toBe(1);
      expect(await count(server, 'site_builds')).toBe(first.builds);
      expect((await fetch(`${server.url}/`)).status).toBe(200);
    });
  }, 60_000);

  it('starts empty with CANDOR_DEMO=0, and issues no token when CANDOR_ADMIN_TOKEN is set', async () => {
    const config = freshConfig({ CANDOR_DEMO: '0', CANDOR_ADMIN_TOKEN: 'a-long-enough-admin-token' });
    await withServer(config, async (server) => {
      expect(server.createdAdminToken).toBeUndefined();
      expect(await count(server, 'admin_tokens')).toBe(0);
      expect(await count(server, 'components')).toBe(0);
      expect(await count(server, 'incidents')).toBe(0);
      const response = await fetch(`${server.url}/admin/v1/components`, {
        headers: { Authorization: 'Bearer a-long-enough-admin-token' },
      });
      expect(response.status).toBe(200);
      expect((await fetch(`${server.url}/`)).status).toBe(200);
    });
  }, 60_000);

  it('takes a changed CANDOR_PUBLIC_URL into the page at the next start', async () => {
    const config = freshConfig({ CANDOR_DEMO: '0' });
    await withServer(config, async () => undefined);
    const moved = { ...config, publicUrl: 'https://status.example.com' };
    await withServer(moved, async (server) => {
      const status = (await (await fetch(`${server.url}/api/v2/status.json`)).json()) as {
        page: { url: string };
      };
      expect(status.page.url).toBe('https://status.example.com');
    });
  }, 60_000);
});

describe('a damaged site folder', () => {
  it('is rebuilt when a request finds the live build deleted, without waiting for a write', async () => {
    const config = freshConfig({ CANDOR_DEMO: '0' });
    await withServer(config, async (server) => {
      expect((await fetch(`${server.url}/`)).status).toBe(200);
      await rm(await realpath(server.builder.currentDir), { recursive: true });
      expect((await fetch(`${server.url}/`)).status).toBe(503);
      await server.builder.whenIdle();
      expect((await fetch(`${server.url}/`)).status).toBe(200);
    });
  }, 60_000);
});
