// The open-tab part of `npm run bench` (BENCH_PARTS=open-tab): what a viewer with the page open sees.
// The real server (`npm start`, its default live refresh) gets a small history and one open incident
// through the admin API; Debian's Chromium opens `/` and the incident's page, each in a context of
// its own (two viewers). First the tabs sit idle and every request they make is counted; then updates
// are posted a few seconds apart and each is timed from its `POST` returning until both tabs' DOM
// shows it inside a [data-live-fragment] (the live script swaps in the rebuilt page's own fragments).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { adminRequest, createHistoryThroughApi } from './api-history.ts';
import { percentile } from './publish-latency.ts';
import { type BenchServer, startBenchServer } from './server.ts';

// Far beyond the 5 s target: an update a tab never shows must fail the run, not hang it.
const SHOW_TIMEOUT_MS = 60_000;
// Pauses between one update being shown and the next POST: "a few seconds apart", drawn at random so
// that the posts fall at every phase of the tabs' polling.
const MIN_PAUSE_MS = 2_000;
const MAX_PAUSE_MS = 5_000;
// Time for the tabs' first requests (the page, its assets, the first check) before counting.
const SETTLE_MS = 5_000;
const POLL_MS = 50;

export interface OpenTabOptions {
  samples: number;
  /** Resolved incidents created through the API before the open one. */
  history: number;
  idleSeconds: number;
}

export interface LatencyFigures {
  p50: number;
  p95: number;
  max: number;
  samples: number[];
}

export interface IdleRequests {
  /** Requests per viewer per minute while nothing changes, over all URLs. */
  perMinute: number;
  /** Of those, how many went to summary.json. */
  summaryPerMinute: number;
  /** The share answered 304 (conditional, no body). */
  notModifiedShare: number;
  /** Response bytes per viewer per minute as transferred: headers and (compressed) bodies. */
  bytesPerMinute: number;
}

export interface OpenTabResult {
  samples: number;
  history: number;
  idleSeconds: number;
  refreshSeconds: number;
  frontPage: LatencyFigures;
  incidentPage: LatencyFigures;
  idle: { frontPage: IdleRequests; incidentPage: IdleRequests };
}

interface SeenRequest {
  /** When the response finished, performance.now() of this process. */
  at: number;
  url: string;
  /** Sent with If-None-Match and answered without a body: a 304 on the wire (Chromium then reports the
   * cached 200 to the page and to playwright, so the status alone does not tell). */
  notModified: boolean;
  /** Response headers and body as transferred (compressed). */
  bytes: number;
}

interface Viewer {
  page: Page;
  requests: SeenRequest[];
  /** Handlers still reading a finished request's headers and sizes. */
  reading: Set<Promise<void>>;
}

export async function benchOpenTab(options: OpenTabOptions): Promise<OpenTabResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'candor-bench-tab-'));
  const server = await startBenchServer(dataDir, { demo: false });
  let browser: Browser | undefined;
  try {
    await createHistoryThroughApi(server, options.history);
    const runId = crypto.randomUUID().slice(0, 8);
    const opened = await adminRequest<{ id: string }>(server, 'POST', '/admin/v1/incidents', {
      name: `Open-tab benchmark ${runId}`,
      status: 'investigating',
      impact: 'minor',
      message: `Looking into it (tab${runId}open).`,
      deliver_notifications: false,
    });
    const incidentPath = `/incidents/${encodeURIComponent(opened.id)}/`;
    await waitUntilServed(server, ['/', incidentPath], `tab${runId}open`);
    console.log(`[open-tab] server up with ${options.history} incidents and ${opened.id} open`);

    browser = await launchChromium();
    const front = await openViewer(browser, `${server.url}/`);
    const incident = await openViewer(browser, server.url + incidentPath);
    const refreshSeconds = Number(
      await front.page.locator('[data-live]').getAttribute('data-refresh-seconds'),
    );
    await sleep(SETTLE_MS);

    const idleFrom = performance.now();
    await sleep(options.idleSeconds * 1000);
    const idleTo = performance.now();
    const idle = {
      frontPage: await idleRequests(front, idleFrom, idleTo),
      incidentPage: await idleRequests(incident, idleFrom, idleTo),
    };
    console.log(
      `[open-tab] idle: / ${idle.frontPage.perMinute} requests/min (${Math.round(idle.frontPage.notModifiedShare * 100)} % 304), incident page ${idle.incidentPage.perMinute}/min`,
    );

    const frontLatencies: number[] = [];
    const incidentLatencies: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      const marker = `tab${runId}n${i}`;
      await adminRequest(server, 'POST', `/admin/v1/incidents/${opened.id}/updates`, {
        status: 'identified',
        message: `We are **rotating** the key (${marker}).`,
        deliver_notifications: false,
      });
      const posted = performance.now();
      const [a, b] = await Promise.all([
        shownAfter(front.page, marker, posted),
        shownAfter(incident.page, marker, posted),
      ]);
      frontLatencies.push(a);
      incidentLatencies.push(b);
      console.log(
        `[open-tab] update ${i + 1}/${options.samples}: / after ${a} ms, incident page after ${b} ms`,
      );
      if (i < options.samples - 1) await sleep(MIN_PAUSE_MS + Math.random() * (MAX_PAUSE_MS - MIN_PAUSE_MS));
    }
    return {
      samples: options.samples,
      history: options.history,
      idleSeconds: options.idleSeconds,
      refreshSeconds,
      frontPage: figures(frontLatencies),
      incidentPage: figures(incidentLatencies),
      idle,
    };
  } finally {
    await browser?.close();
    await server.stop();
  }
}

// A context each: two viewers share no cache, as two people would not.
async function openViewer(browser: Browser, url: string): Promise<Viewer> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const viewer: Viewer = { page, requests: [], reading: new Set() };
  page.on('requestfinished', (request) => {
    const at = performance.now();
    const read = (async () => {
      const [headers, sizes] = await Promise.all([request.allHeaders(), request.sizes()]);
      viewer.requests.push({
        at,
        url: request.url(),
        notModified: headers['if-none-match'] !== undefined && sizes.responseBodySize === 0,
        bytes: sizes.responseHeadersSize + sizes.responseBodySize,
      });
    })()
      .catch(() => {})
      .finally(() => viewer.reading.delete(read));
    viewer.reading.add(read);
  });
  const response = await page.goto(url);
  if (!response?.ok()) throw new Error(`GET ${url}: ${response?.status()}`);
  await page.locator('[data-live]').waitFor({ state: 'attached' });
  return viewer;
}

// Checked in the page every 50 ms: a swap is seen at most that late.
async function shownAfter(page: Page, marker: string, posted: number): Promise<number> {
  await page.waitForFunction(
    (text) =>
      Array.from(document.querySelectorAll('[data-live-fragment]')).some((fragment) =>
        fragment.textContent?.includes(text),
      ),
    marker,
    { polling: POLL_MS, timeout: SHOW_TIMEOUT_MS },
  );
  return Math.round(performance.now() - posted);
}

async function idleRequests(viewer: Viewer, from: number, to: number): Promise<IdleRequests> {
  await Promise.all(viewer.reading);
  const requests = viewer.requests.filter((r) => r.at >= from && r.at < to);
  const minutes = (to - from) / 60_000;
  const perMinute = (n: number) => Math.round((n / minutes) * 10) / 10;
  const summary = requests.filter((r) => new URL(r.url).pathname === '/api/v2/summary.json');
  return {
    perMinute: perMinute(requests.length),
    summaryPerMinute: perMinute(summary.length),
    notModifiedShare: requests.length ? requests.filter((r) => r.notModified).length / requests.length : 0,
    bytesPerMinute: Math.round(requests.reduce((sum, r) => sum + r.bytes, 0) / minutes),
  };
}

function figures(samples: number[]): LatencyFigures {
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    samples,
  };
}

async function waitUntilServed(server: BenchServer, paths: string[], text: string): Promise<void> {
  const giveUpAt = performance.now() + SHOW_TIMEOUT_MS;
  while (performance.now() < giveUpAt) {
    const bodies = await Promise.all(
      paths.map(async (path) => {
        const response = await fetch(server.url + path);
        return response.ok ? response.text() : '';
      }),
    );
    if (bodies.every((body) => body.includes(text))) return;
    await sleep(200);
  }
  throw new Error(`${paths.join(', ')} did not serve "${text}" within ${SHOW_TIMEOUT_MS} ms`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
