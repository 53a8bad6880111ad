// Serves a local SQLite file over libSQL's HTTP protocol, for trying the Worker locally:
//   node tests/support/libsql-http-server-cli.ts --file data/candor.db --port 8080
//   DATABASE_URL=http://127.0.0.1:8080 npx wrangler dev
// Dev only: one process, no TLS, an optional bearer token. Use sqld or Turso for anything real.
import { parseArgs } from 'node:util';
import { startLibsqlHttpServer } from './libsql-http-server.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'data/candor.db' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'auth-token': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(1);
}
const server = await startLibsqlHttpServer({
  file: values.file,
  port,
  host: values.host,
  ...(values['auth-token'] ? { authToken: values['auth-token'] } : {}),
});
console.log(`Serving ${values.file} over libSQL's HTTP protocol at ${server.url} (Ctrl+C stops)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
