// A local stand-in for Resend's API (https://resend.com/docs/api-reference/emails/send-batch-emails)
// that checks every request as Resend documents it: Bearer key, JSON array of 1 to 100 emails each
// with from, to (≤ 50), subject and html or text, string headers; an Idempotency-Key, under which a
// repeated request is answered from memory and sends nothing again. It answers 429 or 500 on
// demand and, given a rate, limits requests per second as Resend does (429 with Retry-After).
// Free of vitest, so the benchmark runs it too (tests use fake-resend.ts).
import { createServer } from 'node:http';

export interface DeliveredEmail {
  from: string;
  to: string[];
  subject: string;
  html: string | undefined;
  text: string | undefined;
  headers: Record<string, string>;
  idempotencyKey: string;
  id: string;
  /** performance.now() of the answer that accepted it. */
  acceptedAt: number;
}

export interface Failure {
  status: 429 | 500 | 503;
  retryAfter?: string;
}

export interface ResendStubOptions {
  /** Requests answered per one-second window; beyond it, 429 with Retry-After. Unlimited if unset. */
  requestsPerSecond?: number;
  /** False keeps only addresses and keys (10,000 bodies would take the benchmark's memory). */
  keepContent?: boolean;
  /** Called for every request before it is answered, e.g. to inject failures at random. */
  beforeAnswer?: (request: number) => Failure | undefined;
}

export interface ResendStub {
  url: string;
  delivered: DeliveredEmail[];
  /** Every request, accepted or not; what was wrong with refused ones is in `violations`. */
  readonly requests: number;
  /** Requests refused with 429 by the rate limit (injected failures not counted). */
  readonly rateLimited: number;
  /** Requests answered from memory: a key seen before with the same body, delivering nothing. */
  readonly replayed: number;
  violations: string[];
  failNext(...failures: Failure[]): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function checkEmail(email: unknown, index: number): string | null {
  if (typeof email !== 'object' || email === null) return `emails[${index}] is not an object`;
  const e = email as Json;
  if (typeof e.from !== 'string' || e.from === '') return `emails[${index}].from is missing`;
  const to = Array.isArray(e.to) ? e.to : [e.to];
  if (to.length === 0 || to.length > 50 || !to.every((a) => typeof a === 'string' && a.includes('@'))) {
    return `emails[${index}].to must be 1 to 50 addresses`;
  }
  if (typeof e.subject !== 'string' || e.subject === '') return `emails[${index}].subject is missing`;
  if (typeof e.html !== 'string' && typeof e.text !== 'string')
    return `emails[${index}] has neither html nor text`;
  const headers = (e.headers ?? {}) as Json;
  if (!Object.values(headers).every((v) => typeof v === 'string'))
    return `emails[${index}].headers must be strings`;
  return null;
}

function checkRequest(method: string, path: string, auth: string | undefined, key: string, body: unknown) {
  if (method !== 'POST' || path !== '/emails/batch') return `unexpected ${method} ${path}`;
  if (!auth?.startsWith('Bearer re_')) return 'Authorization must be Bearer re_…';
  if (!key) return 'Idempotency-Key header missing';
  if (key.length > 256) return 'Idempotency-Key longer than 256 characters';
  if (!Array.isArray(body) || body.length === 0) return 'body must be a non-empty array';
  if (body.length > 100) return `batch of ${body.length} emails: at most 100`;
  return body.map(checkEmail).find((problem) => problem !== null) ?? null;
}

/** Fixed one-second windows, as Resend's `ratelimit-reset` header describes them. */
function rateWindow(limit: number | undefined) {
  let windowStart = 0;
  let used = 0;
  return (now: number): { allowed: boolean; headers: Record<string, string> } => {
    if (limit === undefined) return { allowed: true, headers: {} };
    if (now - windowStart >= 1000) {
      windowStart = now;
      used = 0;
    }
    used += 1;
    const resetSeconds = Math.max(1, Math.ceil((windowStart + 1000 - now) / 1000));
    const headers = {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(Math.max(0, limit - used)),
      'ratelimit-reset': String(resetSeconds),
    };
    if (used <= limit) return { allowed: true, headers };
    return { allowed: false, headers: { ...headers, 'retry-after': String(resetSeconds) } };
  };
}

function toDelivered(email: Json, key: string, id: string, keepContent: boolean): DeliveredEmail {
  return {
    from: String(email.from),
    to: Array.isArray(email.to) ? email.to.map(String) : [String(email.to)],
    subject: String(email.subject),
    html: keepContent && typeof email.html === 'string' ? email.html : undefined,
    text: keepContent && typeof email.text === 'string' ? email.text : undefined,
    headers: keepContent ? ((email.headers ?? {}) as Record<string, string>) : {},
    idempotencyKey: key,
    id,
    acceptedAt: performance.now(),
  };
}

export async function startResendStub(options: ResendStubOptions = {}): Promise<ResendStub> {
  const keepContent = options.keepContent ?? true;
  const delivered: DeliveredEmail[] = [];
  const violations: string[] = [];
  const failures: Failure[] = [];
  // Resend compares a repeated key's payload; a digest would do, the raw body is simplest.
  const answered = new Map<string, { body: string; response: string }>();
  const limiter = rateWindow(options.requestsPerSecond);
  let requests = 0;
  let rateLimited = 0;
  let replayed = 0;
  let nextId = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      const raw = Buffer.concat(chunks).toString('utf8');
      const window = limiter(performance.now());
      const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
        res
          .writeHead(status, { 'content-type': 'application/json', ...window.headers, ...headers })
          .end(JSON.stringify(json));
      };
      if (!window.allowed) {
        rateLimited += 1;
        return send(429, { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests.' });
      }
      const failure = failures.shift() ?? options.beforeAnswer?.(requests);
      if (failure) {
        const headers: Record<string, string> = failure.retryAfter
          ? { 'retry-after': failure.retryAfter }
          : {};
        const name = failure.status === 429 ? 'rate_limit_exceeded' : 'internal_server_error';
        return send(failure.status, { statusCode: failure.status, name, message: 'injected' }, headers);
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const problem = checkRequest(req.method ?? '', req.url ?? '', req.headers.authorization, key, body);
      if (problem) {
        violations.push(problem);
        return send(422, { statusCode: 422, name: 'validation_error', message: problem });
      }
      const previous = answered.get(key);
      if (previous) {
        if (previous.body !== raw) {
          violations.push(`idempotency key ${key} repeated with a different body`);
          return send(409, {
            statusCode: 409,
            name: 'invalid_idempotent_request',
            message: 'Same idempotency key used with a different request payload.',
          });
        }
        replayed += 1;
        return send(200, JSON.parse(previous.response));
      }
      const ids = (body as Json[]).map((email) => {
        nextId += 1;
        const id = `fake-${nextId}`;
        delivered.push(toDelivered(email, key, id, keepContent));
        return { id };
      });
      const response = JSON.stringify({ data: ids });
      answered.set(key, { body: raw, response });
      send(200, { data: ids });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    delivered,
    get requests() {
      return requests;
    },
    get rateLimited() {
      return rateLimited;
    },
    get replayed() {
      return replayed;
    },
    violations,
    failNext: (...next) => failures.push(...next),
    close,
  };
}
