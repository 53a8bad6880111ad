import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MAX_BATCH_SIZE, type OutgoingEmail, unsubscribeHeaders } from '../../api/mail/mailer.ts';
import { resendMailer } from '../../api/mail/resend-mailer.ts';
import { PermanentDeliveryError, RetryLaterError } from '../../api/outbox/drain.ts';
import { startFakeResend } from '../support/fake-resend.ts';

const NOW = new Date('2026-11-30T12:00:00.000Z');

function emails(count: number): OutgoingEmail[] {
  return Array.from({ length: count }, (_, index) => ({
    to: `reader${index}@example.com`,
    subject: 'Hello',
    html: '<p>Hi</p>',
    text: 'Hi',
    headers: unsubscribeHeaders(`https://status.example.com/unsubscribe?token=t${index}`),
  }));
}

async function setup() {
  const fake = await startFakeResend();
  const mailer = resendMailer({
    apiKey: 're_test',
    baseUrl: fake.url,
    from: 'Status <status@example.com>',
    clock: () => NOW,
  });
  return { fake, mailer };
}

describe('Resend mailer', () => {
  it('sends a batch through the SDK with the idempotency key and the one-click headers', async () => {
    const { fake, mailer } = await setup();
    const ids = await mailer.sendBatch(emails(3), 'chunk-1');
    expect(ids).toHaveLength(3);
    expect(fake.violations).toEqual([]);
    expect(fake.delivered.map((email) => email.to[0])).toEqual([
      'reader0@example.com',
      'reader1@example.com',
      'reader2@example.com',
    ]);
    expect(fake.delivered[0]?.idempotencyKey).toBe('chunk-1');
    expect(fake.delivered[0]?.headers).toEqual({
      'List-Unsubscribe': '<https://status.example.com/unsubscribe?token=t0>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('sends nothing twice when a batch is repeated under the same key', async () => {
    const { fake, mailer } = await setup();
    await mailer.sendBatch(emails(2), 'chunk-1');
    await mailer.sendBatch(emails(2), 'chunk-1');
    expect(fake.requests).toBe(2);
    expect(fake.delivered).toHaveLength(2);
  });

  it('refuses more than 100 emails in one call without calling Resend', async () => {
    const { fake, mailer } = await setup();
    await expect(mailer.sendBatch(emails(MAX_BATCH_SIZE + 1), 'big')).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    expect(fake.requests).toBe(0);
  });

  it('turns a 429 with retry-after into a retry at the named time', async () => {
    const { fake, mailer } = await setup();
    fake.failNext({ status: 429, retryAfter: '7' });
    const error = await mailer.sendBatch(emails(1), 'k').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).retryAt.toISOString()).toBe('2026-11-30T12:00:07.000Z');
    expect(fake.delivered).toHaveLength(0);
  });

  it('gives up on a call that goes unanswered, to be retried later under the same key', async () => {
    // Accepts the connection and never answers, as a stuck network path would.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      silent.closeAllConnections();
      silent.close();
    });
    const { port } = silent.address() as AddressInfo;
    const mailer = resendMailer({
      apiKey: 're_test',
      baseUrl: `http://127.0.0.1:${port}`,
      from: 'Status <status@example.com>',
      timeoutMs: 300,
      clock: () => NOW,
    });
    const started = performance.now();
    const error = await mailer.sendBatch(emails(1), 'k').catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('Resend did not answer within 0.3 s.');
    // An ordinary failure: the outbox backs off and retries, never drops the batch.
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('counts a batch as sent when its key went out before with another body (the retry lost a recipient)', async () => {
    const { fake, mailer } = await setup();
    await mailer.sendBatch(emails(3), 'chunk-7');
    // The retry of the same batch after a lost reply, one recipient fewer: Resend answers 409.
    const ids = await mailer.sendBatch(emails(2), 'chunk-7');
    expect(ids).toEqual([]);
    expect(fake.delivered).toHaveLength(3);
  });

  it('honours a retry-after on a 500, and backs off normally without one', async () => {
    const { fake, mailer } = await setup();
    fake.failNext({ status: 500, retryAfter: '3' }, { status: 500 });
    const first = await mailer.sendBatch(emails(1), 'k').catch((caught: unknown) => caught);
    expect((first as RetryLaterError).retryAt.toISOString()).toBe('2026-11-30T12:00:03.000Z');
    const second = await mailer.sendBatch(emails(1), 'k').catch((caught: unknown) => caught);
    expect(second).toBeInstanceOf(Error);
    expect(second).not.toBeInstanceOf(RetryLaterError);
    expect(second).not.toBeInstanceOf(PermanentDeliveryError);
  });
});
