/**
 * True when a statement failed because another connection or process held the lock for longer
 * than the busy timeout (SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT and friends from a remote server).
 * Such a failure is transient: the same request can succeed a moment later.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
    cause = cause.cause;
  }
  return false;
}
