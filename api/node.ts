// Entry point of `npm start`: one Node process serving the API and the static site.
import { readNodeConfig } from './env.ts';
import { startNodeServer } from './node-server.ts';

const config = readNodeConfig();
const server = await startNodeServer(config);

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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping`);
    void server.close().then(() => process.exit(0));
  });
}
