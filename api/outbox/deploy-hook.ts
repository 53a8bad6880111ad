// Publishing the site when it lives on a static host: a POST to the host's deploy hook (Cloudflare
// Pages, Netlify, Vercel) or to a CI workflow's dispatch URL, which then runs `astro build` against
// the database and uploads the result. The body suits GitHub's repository_dispatch; the hooks of
// static hosts ignore it.
import type { OutboxEntry } from '../../db/queries/outbox.ts';
import { type OutboxHandler, PermanentDeliveryError } from './drain.ts';

export const SITE_PUBLISH = 'site.publish';

export interface DeployHook {
  url: string;
  /** Sent as `Authorization: Bearer …` when set (GitHub's dispatch API needs it; Pages' hooks do not). */
  token?: string | undefined;
}

const TIMEOUT_MS = 15_000;

export function deployHookSender(hook: DeployHook, fetchImpl: typeof fetch = fetch): OutboxHandler {
  return async (entry: OutboxEntry) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Idempotency-Key': entry.id,
      'User-Agent': 'Candor (site publisher)',
    };
    if (hook.token) headers.Authorization = `Bearer ${hook.token}`;
    const response = await fetchImpl(hook.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ event_type: 'candor-site-publish', client_payload: { outbox_id: entry.id } }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // The body is not needed; reading it lets the connection be reused.
    const text = await response.text().catch(() => '');
    if (response.ok) return;
    const detail = `deploy hook answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    // A wrong or revoked hook URL will not start working by itself; anything else may be passing.
    const permanent =
      response.status >= 400 && response.status < 500 && ![408, 425, 429].includes(response.status);
    throw permanent ? new PermanentDeliveryError(detail) : new Error(detail);
  };
}
