// A webhook receiver as a customer would write one: it verifies every request's Standard Webhooks
// signature with the `standardwebhooks` package and records what it got. Answers are scripted.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { onTestFinished } from 'vitest';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  /** The verified body; null when the signature did not verify. */
  verified: unknown;
  verifyError: string | null;
}

/** What to do with the next request: a status (with headers), or never answer. */
export type Answer = { status: number; headers?: Record<string, string> } | 'hang';

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Answers for the next requests, in order; 200 once they are used up. */
  answer(...answers: Answer[]): void;
  /** The secret to verify with (set after the webhook is created). */
  secret: string;
}

/** Listens on 127.0.0.1 (a free port) until the test ends. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const answers: Answer[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answer: (...next) => answers.push(...next),
    secret: '',
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let verified: unknown = null;
      let verifyError: string | null = null;
      try {
        verified = new Webhook(receiver.secret).verify(raw, req.headers as Record<string, string>);
      } catch (error) {
        verifyError = error instanceof Error ? error.message : String(error);
      }
      receiver.received.push({ headers: req.headers, raw, verified, verifyError });
      const next = answers.shift() ?? { status: 200 };
      if (next === 'hang') return;
      res.writeHead(next.status, next.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  receiver.url = `http://127.0.0.1:${port}/candor`;
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return receiver;
}
