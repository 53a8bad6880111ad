// Every reminder and nudge, rendered as an email and as a chat message from hostile data: names
// typed by responders must stay text in HTML, in Slack's markup and in a Subject: header.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE_SETTINGS, REMINDER_KINDS, type Reminder } from '../../api/cadence/policy.ts';
import { reminderMessage } from '../../api/cadence/reminder-message.ts';
import { reminderChatBody } from '../../api/cadence/reminder-senders.ts';
import type { IncidentWithDetails } from '../../db/types.ts';
import { updateReminderEmail } from '../../emails/update-reminder.ts';

const HOSTILE = `<script>alert(1)</script><img src=x onerror="alert(2)">"'&\r\nBcc: victim@example.com`;
const AT = '2026-11-30T14:00:00.000Z';

const incident: IncidentWithDetails = {
  id: 'inc_abc123',
  name: HOSTILE,
  status: 'identified',
  impact: 'critical',
  started_at: AT,
  monitoring_at: null,
  resolved_at: null,
  created_at: AT,
  updated_at: AT,
  lead: { email: 'ann@example.com', name: HOSTILE },
  update_cadence_minutes: null,
  postmortem_waived_at: null,
  incident_updates: [],
  component_ids: [],
};

const page = {
  name: HOSTILE,
  url: 'https://status.example.com',
  time_zone: 'Europe/Paris',
  postmortem_deadline_hours: 48,
};

// Due at 14:30 UTC: the due-soon reminder goes 5 minutes before, the others 15 minutes after.
function render(kind: Reminder['kind']) {
  const at = kind === 'update_due_soon' ? '2026-11-30T14:25:00.000Z' : '2026-11-30T14:45:00.000Z';
  const reminder: Reminder = { kind, anchor: '2026-11-30T14:30:00.000Z', at, until: AT };
  const message = reminderMessage({ page, incident, reminder, apiOrigin: 'https://api.example.com' });
  return { message, email: updateReminderEmail({ pageName: page.name, pageUrl: page.url, ...message }) };
}

describe('reminder emails and chat messages', () => {
  it.each(REMINDER_KINDS)('%s: escapes every user string and keeps the subject on one line', (kind) => {
    const { email, message } = render(kind);
    expect(email.html).not.toMatch(/<script|<img/i);
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).toContain(message.lines[0]);
    const chat = reminderChatBody(page.name, message).text;
    expect(chat).not.toMatch(/<script|<img/);
    expect(chat).toContain('&lt;script&gt;');
    expect(chat).toContain(
      '<https://status.example.com/incidents/inc_abc123/|The incident as readers see it>',
    );
  });

  it('gives the exact commands to post an update, in both parts', () => {
    const { email } = render('update_due_soon');
    const cli = 'npx candor update inc_abc123 --message "..."';
    const curl = `curl -X POST https://api.example.com/admin/v1/incidents/inc_abc123/updates -H "Authorization: Bearer $CANDOR_TOKEN" -H "Content-Type: application/json" -d '{"status":"identified","message":"..."}'`;
    expect(email.text).toContain(cli);
    expect(email.text).toContain(curl);
    expect(email.html).toContain('npx candor update inc_abc123 --message &quot;...&quot;');
    expect(email.subject).toMatch(/Update due in 5 min: /);
  });

  it('times are in the page time zone', () => {
    expect(render('update_overdue').email.text).toContain('was due at 15:30 CET');
    expect(render('postmortem_due').email.subject).toContain('Post-mortem due by 2 Dec, 15:30 CET');
  });

  it('the defaults in code are the documented ones', () => {
    expect(DEFAULT_CADENCE_SETTINGS).toMatchObject({
      update_cadence_minutes: { critical: 30, major: 60, minor: 240, none: 480 },
      reminder_lead_minutes: 5,
      escalation_after_minutes: 15,
      show_next_update: true,
      monitoring_watch_minutes: 30,
      postmortem_deadline_hours: 48,
    });
  });
});
