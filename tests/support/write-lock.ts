import { spawn } from 'node:child_process';
import { onTestFinished } from 'vitest';

export interface HeldWriteLock {
  /** Resolves when the holder has committed and exited. */
  released: Promise<void>;
}

/**
 * Another process (Debian's sqlite3 CLI) holding the write lock of the database file for `forMs`,
 * as `npm run migrate`, a backup tool or a second server would. Resolves once the lock is held.
 * The holder releases it by itself: the driver waits for a lock synchronously, so nothing in this
 * process could run to release it while a statement waits.
 */
export async function holdWriteLock(file: string, forMs: number): Promise<HeldWriteLock> {
  const script = `printf 'BEGIN IMMEDIATE;\\n.print locked\\n'; sleep ${forMs / 1000}; printf 'COMMIT;\\n'`;
  const child = spawn('sh', ['-c', `(${script}) | sqlite3 "$0"`, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const released = new Promise<void>((resolve) => child.once('close', () => resolve()));
  onTestFinished(async () => {
    await released;
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
  });
  return { released };
}
