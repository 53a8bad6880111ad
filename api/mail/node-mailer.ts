// Node only: Resend when RESEND_API_KEY is set, else .eml files under <CANDOR_DATA_DIR>/outbox-mail.
import { join } from 'node:path';
import type { MailConfig } from '../config-fields.ts';
import { fileMailer } from './file-mailer.ts';
import type { Mailer } from './mailer.ts';
import { resendMailer } from './resend-mailer.ts';

export function nodeMailer(mail: MailConfig, dataDir: string, log: (message: string) => void): Mailer {
  if (mail.resendApiKey) {
    return resendMailer({
      apiKey: mail.resendApiKey,
      baseUrl: mail.resendBaseUrl,
      from: mail.emailFrom,
      requestsPerSecond: mail.resendRequestsPerSecond,
    });
  }
  return fileMailer({ folder: join(dataDir, 'outbox-mail'), from: mail.emailFrom, log });
}
