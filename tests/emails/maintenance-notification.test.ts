import { describe, expect, it } from 'vitest';
import {
  formatLead,
  type MaintenanceNotice,
  maintenanceNotificationEmail,
} from '../../emails/maintenance-notification.ts';

const HOSTILE = `<script>alert(1)</script><img src=x onerror="alert(2)">"'&\r\nBcc: victim@example.com`;
const LINKS = {
  manage: 'https://status.example.com/subscribe/manage?token=a&b=<c>',
  unsubscribe: 'https://status.example.com/unsubscribe?token=t"x',
};

const render = (notice: MaintenanceNotice, minutesBefore?: number) =>
  maintenanceNotificationEmail({
    pageName: HOSTILE,
    pageUrl: 'javascript:alert(3)',
    notice,
    maintenance: { name: HOSTILE, url: 'https://status.example.com/maintenance/mnt_1/' },
    window: { from: '2026-12-01T02:00:00.000Z', until: '2026-12-01T04:00:00.000Z' },
    timeZone: 'Europe/Berlin',
    message: `${HOSTILE}\n\n[click](javascript:alert(4)) <a href="data:text/html,x">d</a> **bold**`,
    minutesBefore,
    components: [HOSTILE],
    links: LINKS,
  });

describe('maintenance notification email', () => {
  it('escapes or sanitises every string from the data, in every notice', () => {
    for (const notice of [
      'scheduled',
      'reminder',
      'started',
      'updated',
      'completed',
      'rescheduled',
      'cancelled',
    ] as const) {
      const email = render(notice, 60);
      expect(email.html).not.toMatch(/<script/i);
      expect(email.html).not.toMatch(/<img[^>]*onerror/i);
      expect(email.html).not.toMatch(/href="(javascript|data):/i);
      expect(email.html).not.toContain('javascript:alert');
      expect(email.html).toContain('<strong>bold</strong>');
      expect(email.subject).not.toMatch(/[\r\n]/);
    }
  });

  it('names the notice and the window in the page’s time zone', () => {
    const reminder = render('reminder', 1440);
    expect(reminder.subject).toMatch(/^\[.*\] Maintenance in 1 day: /);
    expect(reminder.text).toContain(
      'Window: Tue, 1 Dec 2026, 03:00 Europe/Berlin – Tue, 1 Dec 2026, 05:00 Europe/Berlin',
    );
    expect(render('rescheduled').text).toContain('New window:');
    expect(render('cancelled').subject).toContain('Maintenance cancelled');
    expect([formatLead(60), formatLead(90), formatLead(2880), formatLead(1)]).toEqual([
      '1 hour',
      '90 minutes',
      '2 days',
      '1 minute',
    ]);
  });
});
