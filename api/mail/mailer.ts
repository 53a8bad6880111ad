// The one mail path: every email Candor sends (confirmations, incident notices, and later
// maintenance, post-mortem and reminder emails) leaves through a Mailer, called by an outbox
// handler. Two implementations: Resend's batch API, and .eml files for running offline.

/** One addressed message. `headers` carries e.g. the RFC 8058 List-Unsubscribe pair. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

/** Resend's documented limit of emails per batch call. */
export const MAX_BATCH_SIZE = 100;

export interface Mailer {
  /**
   * Sends up to MAX_BATCH_SIZE emails as one call. The idempotency key makes a repeat of the same
   * call (after a crash between sending and recording) send nothing twice. Returns the provider's
   * message ids in the order of `emails`. Throws RetryLaterError when the provider names a time to
   * come back, PermanentDeliveryError when retrying cannot help, any other error otherwise.
   */
  sendBatch(emails: readonly OutgoingEmail[], idempotencyKey: string): Promise<string[]>;
}

/** The RFC 8058 one-click unsubscribe headers every email to a subscriber carries. */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** When to try again after a Retry-After value (seconds or an HTTP date); null when unreadable. */
export function retryAfterTime(value: string | null | undefined, now: Date): Date | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return new Date(now.getTime() + Math.ceil(Number(trimmed) * 1000));
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : new Date(Math.max(date, now.getTime()));
}
