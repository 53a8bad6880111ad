import type { Client } from '@libsql/client';

export interface RateLimitHit {
  /** Requests counted in the current window, this one included. */
  hits: number;
  /** Epoch ms at which the current window closes. */
  resetAt: number;
}

/**
 * Counts one request against `bucket` in a fixed window of `windowMs` and returns the count. One
 * statement, so concurrent requests (other processes, other isolates) never lose a hit.
 */
export async function hitRateLimit(
  db: Client,
  hit: { bucket: string; nowMs: number; windowMs: number },
): Promise<RateLimitHit> {
  const result = await db.execute({
    sql: `INSERT INTO rate_limit_buckets (bucket, window_start, hits) VALUES (:bucket, :nowMs, 1)
      ON CONFLICT (bucket) DO UPDATE SET
        hits = CASE WHEN window_start <= :nowMs - :windowMs THEN 1 ELSE hits + 1 END,
        window_start = CASE WHEN window_start <= :nowMs - :windowMs THEN :nowMs ELSE window_start END
      RETURNING hits, window_start`,
    args: hit,
  });
  const row = result.rows[0];
  if (!row) throw new Error('The rate-limit upsert returned no row.');
  return { hits: Number(row.hits), resetAt: Number(row.window_start) + hit.windowMs };
}

/** Deletes buckets whose window opened before `beforeMs`: they hold nothing that still counts. */
export async function deleteStaleRateLimits(db: Client, beforeMs: number): Promise<number> {
  const result = await db.execute({
    sql: 'DELETE FROM rate_limit_buckets WHERE window_start < :beforeMs',
    args: { beforeMs },
  });
  return result.rowsAffected;
}
