import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNodeConfig } from '../../api/env.ts';
import { type RunningServer, startNodeServer } from '../../api/node-server.ts';

export interface TestServer extends RunningServer {
  adminToken: string;
  /** CANDOR_DATA_DIR (offline mail lands in its outbox-mail folder). */
  dataDir: string;
  /** Sends an authenticated admin request and returns the parsed JSON body. */
  admin: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: unknown }>;
  stop: () => Promise<void>;
}

/** The real `npm start` server (demo data, site build) on 127.0.0.1, a random port and a temp data folder. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-server-'));
  const adminToken = `test-token-${crypto.randomUUID()}`;
  const config = readNodeConfig({
    CANDOR_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    CANDOR_ADMIN_TOKEN: adminToken,
    CANDOR_REBUILD_DEBOUNCE_MS: '100',
    ...env,
  });
  const server = await startNodeServer(config, { log: () => undefined });
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  return {
    ...server,
    adminToken,
    dataDir,
    admin,
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
