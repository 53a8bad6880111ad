// One email as an RFC 5322 message (multipart/alternative, base64 parts), so the offline mailer's
// files open in any mail client and parse with any MIME library.
import { oneLine } from '../../emails/escape.ts';
import type { OutgoingEmail } from './mailer.ts';

function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  return encoded.replace(/.{1,76}/g, '$&\r\n');
}

// RFC 2047 encoded-word: subjects and names may hold any character, header lines only ASCII.
function encodeHeader(value: string): string {
  const line = oneLine(value);
  if (/^[\u0020-\u007e]*$/.test(line)) return line;
  return `=?UTF-8?B?${Buffer.from(line, 'utf8').toString('base64')}?=`;
}

/** The message as the bytes of an .eml file. Header values are kept to one line each. */
export function toEml(email: OutgoingEmail, from: string, date: Date, messageId: string): string {
  const boundary = `candor-${messageId.replace(/[^A-Za-z0-9]/g, '')}`;
  const headers: Array<[string, string]> = [
    ['From', encodeHeader(from)],
    ['To', oneLine(email.to)],
    ['Subject', encodeHeader(email.subject)],
    ['Date', date.toUTCString()],
    ['Message-ID', `<${oneLine(messageId)}@candor.local>`],
    ['MIME-Version', '1.0'],
    ...Object.entries(email.headers ?? {}).map(([name, value]): [string, string] => [
      name.replace(/[^A-Za-z0-9-]/g, ''),
      oneLine(value),
    ]),
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  const part = (type: string, body: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}`;
  return [
    ...headers.map(([name, value]) => `${name}: ${value}`),
    '',
    part('text/plain', email.text),
    part('text/html', email.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
