// One HTTP attempt at a webhook: checked against the SSRF rules again (DNS can change after the
// webhook was saved), signed as Standard Webhooks says, 10 s at most, redirects not followed.
import { Webhook } from 'standardwebhooks';
import { checkWebhookTarget, type TargetPolicy } from './target-guard.ts';

export interface SendSettings {
  policy: TargetPolicy;
  fetch?: typeof fetch | undefined;
  /** Default 10 s: a receiver must answer within it. */
  timeoutMs?: number | undefined;
}

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  /** Why it failed, for the admin; null on success. */
  error: string | null;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The three Standard Webhooks headers for this message, body and moment. */
export function signatureHeaders(
  secret: string,
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  };
}

function failure(error: string, statusCode: number | null = null): SendOutcome {
  return { ok: false, statusCode, error };
}

/**
 * POSTs the body once; never throws for the receiver's faults, only reports them. Without a
 * secret (a chat service's incoming webhook, whose URL is the credential) it is sent unsigned.
 */
export async function sendWebhook(
  message: { url: string; secret: string | null; messageId: string; body: unknown; at: Date },
  settings: SendSettings,
): Promise<SendOutcome> {
  const refused = await checkWebhookTarget(message.url, settings.policy);
  if (refused) return failure(`Not sent: the URL ${refused}`);
  const raw = JSON.stringify(message.body);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await (settings.fetch ?? fetch)(message.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Candor-Webhooks/1',
        ...(message.secret === null
          ? {}
          : signatureHeaders(message.secret, message.messageId, message.at, raw)),
      },
      body: raw,
    });
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return failure(`No answer within ${timeoutMs / 1000} s.`);
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return failure(`The request failed${cause || (error instanceof Error ? `: ${error.message}` : '')}`);
  }
  // Only the status matters; the body is not read (nor kept waiting for).
  await response.body?.cancel().catch(() => undefined);
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, statusCode: status, error: null };
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    return failure(
      `Redirects are not followed: HTTP ${status}${location ? ` to ${location.slice(0, 300)}` : ''}.`,
      status,
    );
  }
  return failure(`The receiver answered HTTP ${status}.`, status);
}
