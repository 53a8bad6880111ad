import { describe, expect, it } from 'vitest';
import { confirmationEmail } from '../../emails/confirmation.ts';
import { incidentNotificationEmail } from '../../emails/incident-notification.ts';
import { signInLinkEmail } from '../../emails/sign-in-link.ts';

const HOSTILE = `<script>alert(1)</script><img src=x onerror="alert(2)">"'&\r\nBcc: victim@example.com`;
const LINKS = {
  manage: 'https://status.example.com/subscribe/manage?token=a&b=<c>',
  unsubscribe: 'https://status.example.com/unsubscribe?token=t"x',
};

function incident(overrides: { body?: string; url?: string } = {}) {
  return incidentNotificationEmail({
    pageName: HOSTILE,
    pageUrl: 'javascript:alert(3)',
    incident: {
      name: HOSTILE,
      impact: 'critical',
      url: overrides.url ?? 'https://status.example.com/incidents/inc_1/',
    },
    update: {
      status: 'identified',
      body:
        overrides.body ??
        `${HOSTILE}\n\n[click](javascript:alert(4)) <a href="data:text/html,x">d</a> **bold**`,
      displayAt: '2026-11-30T14:05:00.000Z',
    },
    timeZone: 'UTC',
    components: [{ name: HOSTILE, status: 'major_outage' }],
    links: LINKS,
  });
}

// No markup from the data may survive as markup: no script element, no event handler attribute,
// no javascript:/data: URL anywhere in the HTML part.
function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img[^>]*onerror/i);
  expect(html).not.toMatch(/href="(javascript|data):/i);
  expect(html).not.toContain('javascript:alert');
}

describe('incident notification email', () => {
  it('escapes every user-supplied string in the HTML part', () => {
    const email = incident();
    expectInert(email.html);
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('&quot;&#39;&amp;');
  });

  it('renders the update markdown through the site renderer', () => {
    const email = incident({ body: 'Fixed in **v2**\n\n- one\n- two' });
    expect(email.html).toContain('<strong>v2</strong>');
    expect(email.html).toContain('<li>one</li>');
  });

  it('names the page, the status and the incident in a one-line subject', () => {
    const email = incident();
    expect(email.subject).toMatch(/^\[<script>.*\] Identified: <script>/);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('lists affected components with their status', () => {
    const email = incident();
    expect(email.html).toContain('Major outage');
    expect(email.text).toContain('- <script>alert(1)</script>');
    expect(email.text).toContain(': Major outage');
  });

  it('links the incident page, the manage page and the unsubscribe page in both parts', () => {
    const email = incident();
    expect(email.html).toContain('href="https://status.example.com/incidents/inc_1/"');
    expect(email.html).toContain('href="https://status.example.com/subscribe/manage?token=a&amp;b=%3Cc%3E"');
    expect(email.html).toContain('href="https://status.example.com/unsubscribe?token=t%22x"');
    expect(email.text).toContain(`Unsubscribe: ${LINKS.unsubscribe}`);
    expect(email.text).toContain(`Manage your subscription: ${LINKS.manage}`);
  });

  it('never links a page or incident URL that is not http(s)', () => {
    const email = incident({ url: 'javascript:alert(5)' });
    expectInert(email.html);
  });

  it('declares both colour schemes so dark-mode clients keep it readable', () => {
    expect(incident().html).toContain('<meta name="color-scheme" content="light dark">');
  });
});

describe('confirmation email', () => {
  it('escapes the page name and links the confirm page', () => {
    const email = confirmationEmail({
      pageName: HOSTILE,
      pageUrl: 'https://status.example.com',
      confirmUrl: 'https://status.example.com/subscribe/confirm?token=abc',
    });
    expectInert(email.html);
    expect(email.html).toContain('href="https://status.example.com/subscribe/confirm?token=abc"');
    expect(email.text).toContain('https://status.example.com/subscribe/confirm?token=abc');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('sign-in link email', () => {
  it('escapes the page and member names and links the sign-in page', () => {
    const email = signInLinkEmail({
      pageName: HOSTILE,
      pageUrl: 'https://status.example.com',
      memberName: HOSTILE,
      signInUrl: 'https://api.example.com/admin/sign-in/link?token=abc',
      minutes: 15,
    });
    expectInert(email.html);
    expect(email.html).toContain('href="https://api.example.com/admin/sign-in/link?token=abc"');
    expect(email.text).toContain('https://api.example.com/admin/sign-in/link?token=abc');
    expect(email.text).toContain('within 15 minutes');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
