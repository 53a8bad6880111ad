// History written the way a customer's would be: through the admin API of the running server, one
// request per incident, so whatever a write leaves behind in the server (caches, builds, memory)
// is part of what is measured. Incidents are back-dated one every 2 hours up to now.
import type { BenchServer } from './server.ts';

const HOUR_MS = 3_600_000;
const COMPONENTS = [
  'API',
  'Dashboard',
  'Database',
  'Background jobs',
  'Webhooks',
  'Email',
  'Slack app',
  'SSO',
];
// Requests in flight at once: enough to keep the server busy, as an import script would.
const CONCURRENCY = 4;

export interface ApiHistory {
  /** Admin writes made (components and incidents). */
  writes: number;
  durationMs: number;
}

/** When incident `i` of `count` began (epoch ms) and whether it is still open. */
export interface HistoryShape {
  startedAt: (i: number, count: number, now: number) => number;
  open?: (i: number) => boolean;
}

/** The default history: one incident every 2 hours up to now, all resolved. */
export const EVERY_TWO_HOURS: HistoryShape = {
  startedAt: (i, count, now) => now - (count - i) * 2 * HOUR_MS,
};

/** Creates the components, then `count` incidents, each linked to one component, spread as `shape` says. */
export async function createHistoryThroughApi(
  server: BenchServer,
  count: number,
  shape: HistoryShape = EVERY_TWO_HOURS,
): Promise<ApiHistory> {
  const started = performance.now();
  const componentIds: string[] = [];
  for (const name of COMPONENTS) {
    const created = await adminRequest<{ id: string }>(server, 'POST', '/admin/v1/components', { name });
    componentIds.push(created.id);
  }
  const now = Date.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const componentId = componentIds[i % componentIds.length] ?? '';
      const open = shape.open?.(i) ?? false;
      await adminRequest(server, 'POST', '/admin/v1/incidents', {
        name: `Elevated errors #${i}`,
        status: open ? 'investigating' : 'resolved',
        impact: i % 3 === 0 ? 'major' : 'minor',
        message: `Error rates were elevated (#${i}); a faulty deploy was **rolled back**.`,
        started_at: new Date(shape.startedAt(i, count, now)).toISOString(),
        components: { [componentId]: open ? 'degraded_performance' : 'operational' },
        deliver_notifications: false,
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { writes: COMPONENTS.length + count, durationMs: Math.round(performance.now() - started) };
}

export async function adminRequest<T>(
  server: BenchServer,
  method: string,
  path: string,
  body: unknown,
): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}
