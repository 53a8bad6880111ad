// npm run emails:preview [folder]: renders every template with sample data into <folder>
// (default ./email-previews) as .html and .txt files, to look at in a browser or a mail client.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { confirmationEmail } from './confirmation.ts';
import { incidentNotificationEmail } from './incident-notification.ts';
import { maintenanceNotificationEmail } from './maintenance-notification.ts';
import { postmortemNotificationEmail } from './postmortem-notification.ts';
import { signInLinkEmail } from './sign-in-link.ts';
import type { EmailContent } from './types.ts';
import { updateReminderEmail } from './update-reminder.ts';

const page = { pageName: 'Acme Status', pageUrl: 'https://status.example.com', timeZone: 'Europe/Berlin' };
const links = {
  manage: 'https://status.example.com/subscribe/manage?token=sample',
  unsubscribe: 'https://status.example.com/unsubscribe?token=sample',
};

const commands = [
  { label: 'With the command line', command: 'npx candor update inc_1 --message "..."' },
  {
    label: 'With curl',
    command: `curl -X POST https://api.example.com/admin/v1/incidents/inc_1/updates -H "Authorization: Bearer $CANDOR_TOKEN" -H "Content-Type: application/json" -d '{"status":"identified","message":"..."}'`,
  },
];

const samples: Record<string, EmailContent> = {
  'reminder-update-due': updateReminderEmail({
    ...page,
    subject: 'Update due in 5 min: Elevated API error rates',
    lines: [
      'The next public update on "Elevated API error rates" (major) is due by 14:45 UTC, in 5 min.',
      'The last public update went out at 13:45 UTC.',
    ],
    commands,
    incidentUrl: 'https://status.example.com/incidents/inc_1/',
  }),
  'reminder-escalation': updateReminderEmail({
    ...page,
    subject: 'Update overdue by 15 min, lead: Ann Lee <ann@example.com>: Elevated API error rates',
    lines: [
      '"Elevated API error rates" (major) is overdue by 15 min, lead: Ann Lee <ann@example.com>.',
      'Its public update was due at 14:45 UTC. The last public update went out at 13:45 UTC.',
    ],
    commands,
    incidentUrl: 'https://status.example.com/incidents/inc_1/',
  }),
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
  'maintenance-reminder': maintenanceNotificationEmail({
    ...page,
    notice: 'reminder',
    minutesBefore: 60,
    maintenance: { name: 'Database upgrade', url: 'https://status.example.com/maintenance/mnt_1/' },
    window: { from: '2026-12-01T02:00:00.000Z', until: '2026-12-01T04:00:00.000Z' },
    timeZone: 'Europe/Berlin',
    message: 'We are upgrading the **primary database**. The API may be read-only for a few minutes.',
    components: ['API', 'Dashboard'],
    links,
  }),
  'postmortem-published': postmortemNotificationEmail({
    ...page,
    kind: 'published',
    incidentNames: ['Elevated API error rates'],
    url: 'https://status.example.com/incidents/inc_1/postmortem/',
    postmortem: {
      body: '## Summary\n\nA configuration change sent **EU traffic** to a region without capacity.\n\n## Root cause\n\nThe change skipped the canary stage.',
      action_items: [
        { title: 'Canary every configuration change', status: 'in_progress', due_on: '2026-12-15' },
        { title: 'Alert on regional saturation', status: 'planned', due_on: null },
      ],
      completed_items: [],
    },
    publishedAt: '2026-12-01T10:00:00.000Z',
    links,
  }),
  'postmortem-follow-up': postmortemNotificationEmail({
    ...page,
    kind: 'follow_up',
    incidentNames: ['Elevated API error rates'],
    url: 'https://status.example.com/incidents/inc_1/postmortem/',
    postmortem: { body: '', action_items: [], completed_items: ['Canary every configuration change'] },
    publishedAt: '2026-12-14T10:00:00.000Z',
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
