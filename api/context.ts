import type { Client } from '@libsql/client';
import type { Context, MiddlewareHandler } from 'hono';
import type { TokenScope } from '../db/types.ts';
import type { TargetPolicy } from './webhooks/target-guard.ts';

/** What the entry point (api/node.ts or api/worker.ts) hands to createApp. */
export interface AppDeps {
  /** The database for this request. Node returns one shared client; Workers make one per request. */
  database: (bindings: unknown) => Client;
  /**
   * SHA-256 (hex) of the token given in CANDOR_ADMIN_TOKEN, accepted besides the stored tokens; a
   * function of the bindings where configuration arrives with each request (Workers).
   */
  bootstrapTokenHash?: string | null | ((bindings: unknown) => string | null);
  /**
   * Called after every successful admin write, e.g. to schedule a site rebuild, and awaited before
   * the response is sent. A failure is logged: the write itself has happened.
   */
  onDataChanged?: (c: Context<AppEnv>) => void | Promise<void>;
  /**
   * Called after a request that changes no page data wrote to the outbox (POST /api/subscribe: a
   * confirmation email; a console sign-in link), so it goes out now, not at the next scheduled
   * run, and the site is not rebuilt. A failure is logged.
   */
  onOutboxWritten?: (c: Context<AppEnv>) => void | Promise<void>;
  /**
   * Serves the static site for every path the API does not own (Node only; on the edge a static
   * host serves it). Answers 404 itself for unknown pages.
   */
  siteHandler?: MiddlewareHandler<AppEnv>;
  /** Injectable for tests; defaults to the wall clock. */
  clock?: () => Date;
  /** Which webhook targets are allowed (SSRF guard); a function of the bindings on Workers. */
  webhookPolicy?: TargetPolicy | ((bindings: unknown) => TargetPolicy);
  /** CANDOR_ADMIN_EMAIL: the console's first member, created while there is none. */
  firstMemberEmail?: (bindings: unknown) => string | undefined;
  /**
   * The client's IP address, for rate limits. Node: the socket's peer, or the forwarded address
   * when the peer is a trusted proxy (api/node-client-address.ts). Default: Cloudflare's
   * CF-Connecting-IP, which the edge sets and a client cannot.
   */
  clientAddress?: (c: Context<AppEnv>) => string;
  /** RESEND_WEBHOOK_SECRET, for POST /api/webhooks/resend; the route answers 404 without it. */
  resendWebhookSecret?: (bindings: unknown) => string | undefined;
}

export interface AppEnv {
  Bindings: Record<string, unknown>;
  Variables: {
    db: Client;
    /** The current time as stored: ISO-8601 UTC with milliseconds. */
    now: () => string;
    /**
     * Who is making an admin request: the id of the admin token (`tok_…`), `bootstrap`, or in the
     * console the member signed in (`mem_…`).
     */
    actor: string;
    /** What the admin token may do; routes declare the scope they need. */
    scope: TokenScope;
    bootstrapTokenHash: string | null;
    webhookPolicy: TargetPolicy;
    /**
     * The client's IP address ('unknown' when the platform does not say). A function: only the
     * rate-limited routes need it, not every page and summary.json request.
     */
    clientAddress: () => string;
    /** Set by console requests that wrote nothing the public page shows (sign-in, sign-out). */
    publicDataUnchanged: boolean | undefined;
  };
}
