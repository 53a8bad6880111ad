// The storm part of `npm run bench` (BENCH_PARTS=storm): an empty server (`npm start`) gets an
// incident storm through the admin API, as a monitor gone wild would file it, then the weight of
// `/` and of the heaviest history month page is read from outside: the HTML plus each stylesheet and
// script it loads, uncompressed (as tests/site/page-weight.test.ts counts). The bounds under test are
// the front page's per-day list ("and N more") and the history months' pagination.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistoryThroughApi, type HistoryShape } from './api-history.ts';
import { type PageWeight, tags, weighPage } from './page-weight.ts';
import { type BenchServer, startBenchServer } from './server.ts';

const DAY_MS = 86_400_000;
// Every hundredth incident of the storm is still open: the active list has its bound too.
const OPEN_EVERY = 100;
// The build after the last write must be out before the pages are weighed.
const SETTLE_TIMEOUT_MS = 300_000;

export interface StormScenario {
  name: string;
  incidents: number;
  /** The span the incidents start in, ending now: the current UTC day, or the last 7 days. */
  span: 'day' | 'week';
}

export interface StormResult extends StormScenario {
  writesMs: number;
  front: PageWeight;
  /** The heaviest page of any history month, and how many month pages there are. */
  heaviestMonth: PageWeight & { path: string };
  monthPages: number;
  /** The "and N more" figures on `/` added up over its days, when it shows any. */
  moreOnFront: number | null;
}

export async function benchStorm(scenario: StormScenario): Promise<StormResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'candor-bench-storm-'));
  const server = await startBenchServer(dataDir, { demo: false });
  try {
    const history = await createHistoryThroughApi(server, scenario.incidents, stormShape(scenario.span));
    console.log(
      `[storm ${scenario.name}] ${scenario.incidents} incidents through the API in ${history.durationMs} ms`,
    );
    await waitUntilPublished(server, scenario.incidents);
    const front = await weighPage(`${server.url}/`);
    const more = [...front.text.matchAll(/and ([\d,]+) more incidents? that day/g)];
    const months = await weighMonthPages(server);
    const heaviest = months.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a));
    const { text: _front, ...frontWeight } = front;
    const { text: _month, ...monthWeight } = heaviest;
    console.log(
      `[storm ${scenario.name}] / ${front.totalBytes} bytes, heaviest month page ${heaviest.path} ${heaviest.totalBytes} bytes of ${months.length}`,
    );
    return {
      ...scenario,
      writesMs: history.durationMs,
      front: frontWeight,
      heaviestMonth: monthWeight,
      monthPages: months.length,
      moreOnFront: more.length
        ? more.reduce((sum, match) => sum + Number((match[1] ?? '0').replaceAll(',', '')), 0)
        : null,
    };
  } finally {
    await server.stop();
  }
}

/** Starts spread evenly over the current UTC day up to now, or over the 7 days before now. */
function stormShape(span: StormScenario['span']): HistoryShape {
  return {
    startedAt: (i, count, now) => {
      const from = span === 'day' ? now - (now % DAY_MS) : now - 7 * DAY_MS;
      // A second's margin: `started_at` may not be in the future, and the clock moves on while posting.
      return from + Math.floor(((now - 1000 - from) * i) / count);
    },
    open: (i) => i % OPEN_EVERY === OPEN_EVERY - 1,
  };
}

// Every write is out once the history's month list counts them all (the build after the last one).
async function waitUntilPublished(server: BenchServer, incidents: number): Promise<void> {
  const giveUpAt = performance.now() + SETTLE_TIMEOUT_MS;
  let listed = 0;
  while (performance.now() < giveUpAt) {
    const response = await fetch(`${server.url}/history/`);
    const text = await response.text();
    listed = 0;
    for (const count of text.matchAll(/\((\d+) incidents?\)/g)) listed += Number(count[1]);
    if (response.ok && listed === incidents) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the history lists ${listed} of ${incidents} incidents after ${SETTLE_TIMEOUT_MS} ms`);
}

/** Each page of each month, following every month's "Older" links from its first page. */
async function weighMonthPages(
  server: BenchServer,
): Promise<Array<PageWeight & { path: string; text: string }>> {
  const index = await (await fetch(`${server.url}/history/`)).text();
  const weights: Array<PageWeight & { path: string; text: string }> = [];
  for (const month of monthLinks(index)) {
    const seen = new Set<string>();
    let path: string | undefined = month;
    while (path && !seen.has(path)) {
      seen.add(path);
      const weight = await weighPage(server.url + path);
      weights.push({ ...weight, path });
      path = tags(weight.text, 'a').find((a) => a.rel === 'next')?.href;
    }
  }
  if (weights.length === 0) throw new Error('the history lists no month');
  return weights;
}

/** The first page of each month the history index links to. */
function monthLinks(html: string): string[] {
  const links = tags(html, 'a')
    .map((a) => a.href ?? '')
    .filter((href) => /^\/history\/\d{4}-\d{2}\/$/.test(href));
  return [...new Set(links)];
}
