// Without RESEND_API_KEY the Node server "sends" by writing each email to an .eml file under the
// data folder and logging its path: `npm start` works offline and shows what would go out.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toEml } from './eml.ts';
import type { Mailer, OutgoingEmail } from './mailer.ts';

export interface FileMailerSettings {
  /** e.g. <CANDOR_DATA_DIR>/outbox-mail */
  folder: string;
  from: string;
  log?: (message: string) => void;
  clock?: () => Date;
}

/**
 * A Mailer writing `<idempotency key>-<n>.eml` files. A repeated call with the same key rewrites
 * the same files, so a retried batch leaves one file per email, as Resend would send one email.
 */
export function fileMailer(settings: FileMailerSettings): Mailer {
  const log = settings.log ?? console.log;
  const clock = settings.clock ?? (() => new Date());
  return {
    async sendBatch(emails: readonly OutgoingEmail[], idempotencyKey: string): Promise<string[]> {
      await mkdir(settings.folder, { recursive: true });
      const safeKey = idempotencyKey.replace(/[^A-Za-z0-9_.-]/g, '_');
      const ids: string[] = [];
      for (const [index, email] of emails.entries()) {
        const id = `${safeKey}-${index + 1}`;
        const path = join(settings.folder, `${id}.eml`);
        await writeFile(path, toEml(email, settings.from, clock(), id));
        log(`Email to ${email.to} written to ${path}`);
        ids.push(id);
      }
      return ids;
    },
  };
}
