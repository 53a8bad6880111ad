// A local stand-in for Resend's API (https://resend.com/docs/api-reference/emails/send-batch-emails)
// that checks every request as Resend documents it: Bearer key, JSON array of 1 to 100 emails each
// with from, to (≤ 50), subject and html or text, string headers; an Idempotency-Key, under which a
// repeated request is answered from memory and sends nothing again. It answers 429 or 500 on demand.
import { createServer } from 'node:http';
import { onTestFinished } from 'vitest';

export interface DeliveredEmail {
  from: string;
  to: string[];
  subject: string;
  html: string | undefined;
  text: string | undefined;
  headers: Record<string, string>;
  idempotencyKey: string;
  id: string;
}

export interface Failure {
  status: 429 | 500 | 503;
  retryAfter?: string;
}

export interface FakeResend {
  url: string;
  delivered: DeliveredEmail[];
  /** Every request, accepted or not; what was wrong with refused ones is in `violations`. */
  requests: number;
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

export async function startFakeResend(): Promise<FakeResend> {
  const delivered: DeliveredEmail[] = [];
  const violations: string[] = [];
  const failures: Failure[] = [];
  const answered = new Map<string, { body: string; response: string }>();
  let requests = 0;
  let nextId = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(json));
      };
      const failure = failures.shift();
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
        if (previous.body !== raw)
          return send(409, {
            statusCode: 409,
            name: 'invalid_idempotent_request',
            message: 'different body',
          });
        res.writeHead(200, { 'content-type': 'application/json' }).end(previous.response);
        return;
      }
      const ids = (body as Json[]).map((email) => {
        nextId += 1;
        const id = `fake-${nextId}`;
        delivered.push({
          from: String(email.from),
          to: Array.isArray(email.to) ? email.to.map(String) : [String(email.to)],
          subject: String(email.subject),
          html: typeof email.html === 'string' ? email.html : undefined,
          text: typeof email.text === 'string' ? email.text : undefined,
          headers: (email.headers ?? {}) as Record<string, string>,
          idempotencyKey: key,
          id,
        });
        return { id };
      });
      const response = JSON.stringify({ data: ids });
      answered.set(key, { body: raw, response });
      res.writeHead(200, { 'content-type': 'application/json' }).end(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  onTestFinished(close);
  return {
    url: `http://127.0.0.1:${port}`,
    delivered,
    get requests() {
      return requests;
    },
    violations,
    failNext: (...next) => failures.push(...next),
    close,
  };
}
