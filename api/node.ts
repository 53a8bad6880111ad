// Entry point of `npm start`: one Node process serving the API and the static site.
import { type NodeConfig, readNodeConfig } from './env.ts';
import { type RunningServer, startNodeServer } from './node-server.ts';
import { StartupError } from './startup-error.ts';

let running: RunningServer | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping`);
    // Still starting (the first build can take a while): exiting also ends a running build child.
    if (!running) process.exit(1);
    void running.close().then(() => process.exit(0));
  });
}

async function start(): Promise<{ config: NodeConfig; server: RunningServer }> {
  try {
    const config = readNodeConfig();
    return { config, server: await startNodeServer(config) };
  } catch (error) {
    // A bad setting, a port in use, a folder the server cannot write: the operator's to fix, so
    // say what and where in a line; anything else is a bug, and its stack trace helps.
    const isConfigError = error instanceof Error && error.message.startsWith('Invalid configuration');
    if (!(error instanceof StartupError || isConfigError)) throw error;
    console.error(`Candor could not start: ${error.message}`);
    process.exit(1);
  }
}

const { config, server } = await start();
running = server;

console.log(`
Candor is running.
  Status page     ${server.url}/
  Public JSON     ${server.url}/api/v2/summary.json
  Admin API       ${server.url}/admin/v1   (OpenAPI: ${server.url}/admin/v1/openapi.json)
  Data            ${config.dataDir}`);
if (server.createdAdminToken) {
  console.log(`
  Admin token (shown once; keep it safe, or set CANDOR_ADMIN_TOKEN):
    ${server.createdAdminToken}`);
}
