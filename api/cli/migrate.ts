// `npm run migrate`: prepares a database for the API, wherever it is: the local file of `npm start`,
// or a libSQL server (Turso, sqld) for the Workers deployment, which has no start-up step of its own.
//   DATABASE_URL=libsql://… DATABASE_AUTH_TOKEN=… CANDOR_PUBLIC_URL=https://status.example.com npm run migrate
// Applies pending migrations and creates the page; with --demo also seeds the demo data into an
// empty database, and with --issue-admin-token NAME prints a new admin token (shown once).
import { parseArgs } from 'node:util';
import { openNodeDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';
import { seedDemoIfEmpty } from '../demo/seed.ts';
import { readNodeConfig } from '../env.ts';
import { issueAdminToken } from '../services/admin-tokens.ts';
import { applyPageConfiguration } from '../services/page.ts';

const { values: flags } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    'issue-admin-token': { type: 'string' },
  },
});

// The same variables as `npm start`, except that demo data is only ever asked for explicitly here:
// this command is pointed at production databases.
const config = readNodeConfig({ ...process.env, CANDOR_DEMO: flags.demo ? '1' : '0' });
const local = config.databaseUrl.startsWith('file:');
if (!local && !config.publicUrl) {
  console.error(
    'Set CANDOR_PUBLIC_URL (the status page address, used in links and feeds) for a remote database.',
  );
  process.exit(1);
}

const db = await openNodeDatabase(config.databaseUrl, config.databaseAuthToken);
try {
  const { applied } = await migrate(db, await readMigrationFiles());
  console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database schema is up to date.');
  const now = new Date().toISOString();
  const page = await applyPageConfiguration(
    db,
    {
      defaults: {
        name: config.pageName,
        url: `http://${config.host}:${config.port}`,
        time_zone: config.timeZone,
      },
      publicUrl: config.publicUrl,
    },
    now,
  );
  console.log(`Page "${page.name}" at ${page.url} (${page.time_zone}).`);
  if (flags.demo && (await seedDemoIfEmpty(db, new Date()))) console.log('Seeded the demo data.');
  const tokenName = flags['issue-admin-token'];
  if (tokenName) {
    const { token } = await issueAdminToken(db, { name: tokenName }, { actor: 'system', now });
    console.log(`Admin token "${tokenName}" (shown once; keep it safe):\n  ${token}`);
  }
} finally {
  db.close();
}
