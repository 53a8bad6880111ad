// A browser-like client of the console driven in-process: a cookie jar, same-origin form posts
// carrying the page's CSRF token, and helpers to sign in.
import type { Client } from '@libsql/client';
import { ensurePage } from '../../api/services/page.ts';
import { listOutboxEntries } from '../../db/queries/outbox.ts';
import { createTestApp, type TestApp } from './app.ts';

export const ORIGIN = 'http://console.test';

export interface ConsoleClient {
  cookies: Map<string, string>;
  get(path: string): Promise<Response>;
  /** Posts a form; `origin` defaults to the console's own. */
  post(
    path: string,
    fields: Record<string, string | string[]>,
    options?: { origin?: string | null },
  ): Promise<Response>;
  /** The CSRF token of the last page fetched. */
  csrf(): string;
  text(): string;
}

export function consoleClient(t: TestApp): ConsoleClient {
  const cookies = new Map<string, string>();
  let last = '';
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      if (!name) continue;
      if (value === '' || /max-age=0/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const client: ConsoleClient = {
    cookies,
    async get(path) {
      const response = await t.app.request(`${ORIGIN}${path}`, { headers: { Cookie: cookieHeader() } });
      remember(response);
      last = await response.clone().text();
      return response;
    },
    async post(path, fields, options = {}) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
      }
      const origin = options.origin === undefined ? ORIGIN : options.origin;
      const response = await t.app.request(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: cookieHeader(),
          ...(origin ? { Origin: origin } : {}),
        },
        body,
      });
      remember(response);
      last = await response.clone().text();
      return response;
    },
    csrf() {
      const match = /name="csrf" value="([^"]+)"/.exec(last);
      if (!match?.[1]) throw new Error('no CSRF field on the last page');
      return match[1];
    },
    text: () => last,
  };
  return client;
}

/** The raw token of the newest sign-in link in the outbox (before it is sent and redacted). */
export async function latestSignInToken(db: Client): Promise<string> {
  const entries = await listOutboxEntries(db, { limit: 100 });
  const entry = entries.find((candidate) => candidate.kind === 'member.sign_in');
  const token = (entry?.payload as { token?: string } | undefined)?.token;
  if (!token) throw new Error('no member.sign_in entry in the outbox');
  return token;
}

/** Signs in with the app's bootstrap admin token. */
export async function signInWithToken(client: ConsoleClient, token: string): Promise<void> {
  await client.get('/admin/');
  const response = await client.post('/admin/sign-in', { csrf: client.csrf(), token });
  if (response.status !== 303 || response.headers.get('Location') !== '/admin/') {
    throw new Error(`sign-in failed: ${response.status} ${response.headers.get('Location')}`);
  }
}

/**
 * A test app with its page, a console client signed in with the admin token, and `api`, which
 * calls the admin API and answers its JSON (null for an empty body, a 204).
 */
export async function signedInConsole() {
  const t = await createTestApp();
  const client = consoleClient(t);
  await signInWithToken(client, t.token);
  await ensurePage(
    t.db,
    { name: 'Acme', url: 'https://status.acme.test', time_zone: 'UTC' },
    new Date().toISOString(),
  );
  // biome-ignore lint/suspicious/noExplicitAny: JSON of the admin API, read field by field
  const api = async (method: string, path: string, body?: unknown): Promise<any> => {
    const text = await (await t.admin(method, path, body)).text();
    return text ? JSON.parse(text) : null;
  };
  return { t, client, api };
}
