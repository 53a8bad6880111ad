import { CliError, EXIT } from './exit-codes.ts';

// The admin API over HTTP, as `candor` uses it: one JSON request at a time, errors turned into
// CliErrors carrying the exit code and the problem document.

export interface ApiConfig {
  /** The server's origin, e.g. https://status.example.com (CANDOR_URL). */
  url: string;
  /** An admin or responder token (CANDOR_TOKEN). */
  token: string;
  timeoutMs?: number;
}

export type ApiClient = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** The API configuration from the environment; a usage error naming what is missing. */
export function configFromEnv(env: NodeJS.ProcessEnv): ApiConfig {
  const url = env.CANDOR_URL?.trim();
  const token = env.CANDOR_TOKEN?.trim();
  const missing = [url ? null : 'CANDOR_URL', token ? null : 'CANDOR_TOKEN'].filter(Boolean);
  if (!url || !token) {
    throw new CliError(
      EXIT.usage,
      `Set ${missing.join(' and ')}: the server's address (e.g. https://status.example.com) and an admin or responder token.`,
    );
  }
  if (!/^https?:\/\//i.test(url))
    throw new CliError(EXIT.usage, `CANDOR_URL must start with http:// or https:// (got ${url}).`);
  // Every request carries the token: in clear text only to this machine.
  if (!isHttpsOrLoopback(url)) {
    throw new CliError(
      EXIT.usage,
      'CANDOR_URL must be an https:// address (http:// only for localhost, 127.x.x.x or [::1]): the token would cross the network in clear text.',
    );
  }
  return { url: url.replace(/\/+$/, ''), token };
}

function isHttpsOrLoopback(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname;
  return (
    url.protocol === 'https:' || host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

function problemMessage(status: number, problem: Record<string, unknown>): string {
  const title = typeof problem.title === 'string' ? problem.title : `HTTP ${status}`;
  const detail = typeof problem.detail === 'string' ? `: ${problem.detail}` : '';
  const fields = Array.isArray(problem.errors)
    ? problem.errors.map(
        (error: { pointer?: string; detail?: string }) => `\n  ${error.pointer ?? ''}: ${error.detail ?? ''}`,
      )
    : [];
  return `${title} (${status})${detail}${fields.join('')}`;
}

export function createApiClient(config: ApiConfig): ApiClient {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${config.url}/admin/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${config.token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(config.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const cause =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new CliError(EXIT.unreachable, `Cannot reach ${config.url}: ${cause}`);
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // A proxy's HTML error page, or another server altogether: not the API.
      throw new CliError(
        EXIT.unreachable,
        `${config.url} did not answer as the Candor API (HTTP ${response.status}, not JSON).`,
      );
    }
    if (!response.ok) {
      const problem = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
      throw new CliError(EXIT.api, problemMessage(response.status, problem), {
        status: response.status,
        ...problem,
      });
    }
    return json as T;
  };
}
