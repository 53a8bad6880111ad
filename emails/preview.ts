// npm run emails:preview [folder]: renders every template with sample data into <folder>
// (default ./email-previews) as .html and .txt files, to look at in a browser or a mail client.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { confirmationEmail } from './confirmation.ts';
import { incidentNotificationEmail } from './incident-notification.ts';
import { signInLinkEmail } from './sign-in-link.ts';
import type { EmailContent } from './types.ts';

const page = { pageName: 'Acme Status', pageUrl: 'https://status.example.com' };
const links = {
  manage: 'https://status.example.com/subscribe/manage?token=sample',
  unsubscribe: 'https://status.example.com/unsubscribe?token=sample',
};

const samples: Record<string, EmailContent> = {
  confirmation: confirmationEmail({
    ...page,
    confirmUrl: 'https://status.example.com/subscribe/confirm?token=sample',
  }),
  'sign-in-link': signInLinkEmail({
    ...page,
    memberName: 'Ada',
    signInUrl: 'https://api.example.com/admin/sign-in/link?token=sample',
    minutes: 15,
  }),
  'incident-created': incidentNotificationEmail({
    ...page,
    incident: {
      name: 'Elevated API error rates',
      impact: 'major',
      url: 'https://status.example.com/incidents/inc_1/',
    },
    update: {
      status: 'investigating',
      body: 'We are seeing **elevated error rates** on the API.\n\n- EU customers are affected\n- [Details](https://example.com)',
      displayAt: '2026-11-30T14:05:00.000Z',
    },
    components: [
      { name: 'API', status: 'partial_outage' },
      { name: 'Dashboard', status: 'degraded_performance' },
    ],
    links,
  }),
  'incident-resolved': incidentNotificationEmail({
    ...page,
    incident: {
      name: 'Elevated API error rates',
      impact: 'major',
      url: 'https://status.example.com/incidents/inc_1/',
    },
    update: {
      status: 'resolved',
      body: 'All systems are back to normal.',
      displayAt: '2026-11-30T15:40:00.000Z',
    },
    components: [{ name: 'API', status: 'operational' }],
    links,
  }),
};

const folder = resolve(process.argv[2] ?? 'email-previews');
await mkdir(folder, { recursive: true });
for (const [name, email] of Object.entries(samples)) {
  await writeFile(join(folder, `${name}.html`), email.html);
  await writeFile(join(folder, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
  console.log(join(folder, `${name}.html`));
}
