import { createClient } from '@libsql/client';
import { readSiteData } from '../site/lib/data.ts';
import { listIncidentPaths } from '../site/lib/incident-page.ts';
import { listMonthPaths } from '../site/lib/history-page.ts';
import { listComponentFeedPaths } from '../site/lib/component-feeds.ts';
const db = createClient({ url: `file:${process.argv[2]}/candor.db` });
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const data = await readSiteData(db, Date.now());
  const t1 = performance.now();
  listIncidentPaths(data);
  const t2 = performance.now();
  listMonthPaths(data);
  const t3 = performance.now();
  listComponentFeedPaths(data);
  const t4 = performance.now();
  console.log(`data ${Math.round(t1 - t0)} incidents ${Math.round(t2 - t1)} months ${Math.round(t3 - t2)} components ${Math.round(t4 - t3)}`);
}
