// Builds the real site with a running, an upcoming and a cancelled window, and reads what it wrote.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { advanceMaintenances } from '../../api/jobs/maintenance-transitions.ts';
import { cancelMaintenance, createMaintenance } from '../../api/services/maintenances.ts';
import { ensurePage } from '../../api/services/page.ts';
import { openNodeDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { readMigrationFiles } from '../../db/migration-files.ts';
import type { MaintenanceWithDetails } from '../../db/types.ts';
import { parseHtml, parseRssItems } from '../site/documents.ts';
import { makeComponent, testContext } from '../support/factories.ts';

const HOUR = 3_600_000;
const NAME = 'DB <upgrade> & "more"';

describe('the built site with scheduled maintenance', () => {
  let dir: string;
  let out: string;
  let running: MaintenanceWithDetails;
  let upcoming: MaintenanceWithDetails;
  let cancelled: MaintenanceWithDetails;
  const read = (path: string) => readFile(join(out, path), 'utf8');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'candor-maintenance-site-'));
    const url = `file:${join(dir, 'candor.db')}`;
    const db = await openNodeDatabase(url);
    await migrate(db, await readMigrationFiles());
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const ctx = testContext({ now: at(-2 * HOUR) });
    await ensurePage(db, { name: 'Acme', url: 'https://status.acme.test', time_zone: 'UTC' }, ctx.now);
    const api = await makeComponent(db, { name: 'API' }, ctx);
    const window = (name: string, from: number, until: number) =>
      createMaintenance(
        db,
        {
          name,
          scheduled_for: at(from),
          scheduled_until: at(until),
          components: [api.id],
          message: 'Planned **work**.',
        },
        ctx,
      );
    running = await window(NAME, -HOUR, HOUR);
    upcoming = await window('Next week', 24 * HOUR, 26 * HOUR);
    cancelled = await window('Called off', 24 * HOUR, 25 * HOUR);
    await cancelMaintenance(db, { id: cancelled.id }, ctx);
    await advanceMaintenances(db, () => new Date(now));
    db.close();
    out = join(dir, 'out');
    await runAstroBuild({
      databaseUrl: url,
      outDir: out,
      cacheDir: join(dir, 'cache'),
      liveRefreshSeconds: 7,
    });
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows running and upcoming maintenance on /, escaped, and says windows are left out of uptime', async () => {
    const html = await read('index.html');
    const page = parseHtml(html);
    const items = page.findAll('[data-maintenance-id]').map((item) => item.attributes['data-maintenance-id']);
    expect(items).toEqual([running.id, upcoming.id]);
    expect(html).toContain('DB &lt;upgrade&gt; &amp; &quot;more&quot;');
    expect(html).not.toContain(NAME);
    expect(page.textOf('.formula')).toMatch(
      /time under maintenance is excluded, and so is every\s+scheduled maintenance window while it runs/,
    );
  });

  it('gives each window that is not cancelled a page', async () => {
    const html = await read(`maintenance/${running.id}/index.html`);
    expect(html).toContain('<strong>work</strong>');
    expect(html).toContain('In progress');
    await expect(stat(join(out, `maintenance/${cancelled.id}/index.html`))).rejects.toThrow();
  });

  it('writes /maintenance.ics and carries maintenance updates in the feed', async () => {
    const calendar = new ICAL.Component(ICAL.parse(await read('maintenance.ics')));
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(3);
    const items = parseRssItems(await read('history.rss'));
    const item = items.find((candidate) => candidate.title?.endsWith('— Maintenance in progress'));
    expect(item?.link).toMatch(new RegExp(`/maintenance/${running.id}/#mup_`));
  });
});
