import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fileMailer } from '../../api/mail/file-mailer.ts';
import { unsubscribeHeaders } from '../../api/mail/mailer.ts';

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'candor-mail-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'outbox-mail');
}

const email = {
  to: 'reader@example.com',
  subject: 'Störung: API\r\nBcc: victim@example.com',
  html: '<p>Hello</p>',
  text: 'Hello',
  headers: unsubscribeHeaders('https://status.example.com/unsubscribe?token=abc'),
};

describe('file mailer', () => {
  it('writes each email as an .eml file and logs its path', async () => {
    const folder = tempFolder();
    const logged: string[] = [];
    const mailer = fileMailer({
      folder,
      from: 'Status <status@example.com>',
      log: (line) => logged.push(line),
    });
    await mailer.sendBatch([email], 'email.batch:upd_1:0');
    const files = readdirSync(folder);
    expect(files).toEqual(['email.batch_upd_1_0-1.eml']);
    expect(logged[0]).toContain(join(folder, 'email.batch_upd_1_0-1.eml'));
    const eml = readFileSync(join(folder, files[0] ?? ''), 'utf8');
    expect(eml).toContain('To: reader@example.com\r\n');
    expect(eml).toContain('List-Unsubscribe: <https://status.example.com/unsubscribe?token=abc>\r\n');
    expect(eml).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    const subject = /^Subject: =\?UTF-8\?B\?(.+)\?=$/m.exec(eml)?.[1] ?? '';
    expect(Buffer.from(subject, 'base64').toString('utf8')).toBe('Störung: API Bcc: victim@example.com');
    expect(eml).not.toMatch(/^Bcc:/m);
    expect(eml).toContain(Buffer.from('<p>Hello</p>').toString('base64'));
  });

  it('rewrites the same files when a batch is repeated under the same key', async () => {
    const folder = tempFolder();
    const mailer = fileMailer({ folder, from: 'status@example.com', log: () => {} });
    await mailer.sendBatch([email, { ...email, to: 'other@example.com' }], 'k');
    await mailer.sendBatch([email, { ...email, to: 'other@example.com' }], 'k');
    expect(readdirSync(folder).sort()).toEqual(['k-1.eml', 'k-2.eml']);
  });
});
