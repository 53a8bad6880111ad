// Sends through Resend's batch API with the official SDK. Works on Node and on Workers (the SDK
// only needs fetch); on Workers the base URL must be passed, as the SDK reads process.env for it.
import { Resend } from 'resend';
import { PermanentDeliveryError, RateLimitedError, RetryLaterError } from '../outbox/drain.ts';
import { MAX_BATCH_SIZE, type Mailer, type OutgoingEmail, retryAfterTime } from './mailer.ts';
import { sendPace } from './send-pace.ts';

export interface ResendMailerSettings {
  apiKey: string;
  /** RESEND_BASE_URL; Resend's own API when undefined. */
  baseUrl?: string | undefined;
  /** CANDOR_EMAIL_FROM, e.g. `Acme Status <status@acme.example>`. */
  from: string;
  /** RESEND_REQUESTS_PER_SECOND: the team's rate limit; calls are spaced to stay within it. */
  requestsPerSecond?: number | undefined;
  /** How long one call may go unanswered (30 s); then it is retried later, under the same key. */
  timeoutMs?: number;
  clock?: () => Date;
}

// A call that hangs would hold its outbox claim until the lease runs out; one that is abandoned
// is retried with the same idempotency key, which Resend answers without sending twice.
const DEFAULT_TIMEOUT_MS = 30_000;

// Without a Retry-After, a rate limit is documented as a few requests per second: a second's wait
// is the shortest that can help.
const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

interface ResendFailure {
  error: { message: string; statusCode: number | null; name: string };
  headers: Record<string, string> | null;
}

function failure(result: ResendFailure, now: Date): Error {
  const { statusCode, message, name } = result.error;
  const detail = `Resend answered ${statusCode ?? 'nothing'} (${name}): ${message}`;
  const named = retryAfterTime(result.headers?.['retry-after'], now);
  if (statusCode === 429)
    return new RateLimitedError(detail, named ?? new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS));
  // 409 (concurrent_idempotent_requests): the same key is still being processed; 5xx and no
  // answer: the service's side.
  if (statusCode === null || statusCode === 409 || statusCode >= 500) {
    return named ? new RetryLaterError(detail, named) : new Error(detail);
  }
  // 400 and 422 reject the message itself: sending it again cannot succeed. 401/403 may be fixed
  // by the operator meanwhile, so they are retried with back-off.
  if (statusCode === 400 || statusCode === 422) return new PermanentDeliveryError(detail);
  return new Error(detail);
}

export function resendMailer(settings: ResendMailerSettings): Mailer {
  const resend = new Resend(settings.apiKey, settings.baseUrl ? { baseUrl: settings.baseUrl } : undefined);
  const clock = settings.clock ?? (() => new Date());
  const pace = sendPace({ requestsPerSecond: settings.requestsPerSecond, clock });
  return {
    async sendBatch(emails: readonly OutgoingEmail[], idempotencyKey: string): Promise<string[]> {
      if (emails.length === 0) return [];
      if (emails.length > MAX_BATCH_SIZE) {
        throw new PermanentDeliveryError(
          `A batch holds at most ${MAX_BATCH_SIZE} emails, not ${emails.length}.`,
        );
      }
      const payload = emails.map((email) => ({
        from: settings.from,
        to: [email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
        ...(email.headers ? { headers: email.headers } : {}),
      }));
      const turn = await pace.nextTurn();
      if (!turn.go)
        throw new RateLimitedError('Resend asked to wait (429); the wait is not over.', turn.comeBackAt);
      const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const signal = AbortSignal.timeout(timeoutMs);
      const result = await resend.batch.send(payload, { idempotencyKey, signal }).finally(turn.done);
      // The SDK reports an abandoned call as one with no answer; say which it was.
      if (result.error && signal.aborted)
        throw new Error(`Resend did not answer within ${timeoutMs / 1000} s.`);
      // The key was used within the last 24 h by a request Resend processed, with another body: the
      // batch went out then (a reply lost, or a call abandoned), and a recipient who left since, or
      // a corrected message, changed the retry's body. Sent, without the ids of that first answer.
      if (result.error?.name === 'invalid_idempotent_request') return [];
      if (result.error) {
        const error = failure(result as ResendFailure, clock());
        // The rate limit is the team's: every call waits, not just this batch.
        if (error instanceof RateLimitedError) pace.holdUntil(error.retryAt);
        throw error;
      }
      return (result.data?.data ?? []).map((item) => item.id);
    },
  };
}
