import type { TokenScope } from '../../db/types.ts';

/**
 * Who acts and when, given to every service. Services never read the clock: the API passes the
 * request's time, the demo seed passes moments in the past.
 */
export interface ServiceContext {
  /** An admin token id (`tok_…`), `bootstrap`, or `system` for the server's own writes. */
  actor: string;
  /** What the actor may do; the server's own writes (no token) may do everything. */
  scope?: TokenScope;
  /** ISO-8601 UTC with milliseconds. */
  now: string;
}
