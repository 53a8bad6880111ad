import { describe, expect, it } from 'vitest';
import { incidentNotificationEmail } from '../../emails/incident-notification.ts';
import { markdownToText } from '../../emails/markdown-text.ts';

describe('markdown as plain text', () => {
  it('drops emphasis and heading marks and keeps every link address', () => {
    const text = markdownToText(
      '## Cause\n\nWe **found** the _faulty_ deploy. See [the notes](https://example.com/notes?a=1&b=2) or <https://example.com/status>.',
    );
    expect(text).toBe(
      'Cause\n\nWe found the faulty deploy. See the notes (https://example.com/notes?a=1&b=2) or https://example.com/status.',
    );
  });

  it('writes lists, quotes and code as a plain mail would', () => {
    expect(
      markdownToText('1. Roll back\n2. Watch\n   - errors\n\n> From the vendor\n\n```\nexit 1\n```'),
    ).toBe('1. Roll back\n2. Watch\n   - errors\n\n> From the vendor\n\n    exit 1');
  });

  it('keeps the text of raw HTML and dangerous links, not their markup or script', () => {
    const text = markdownToText(
      'Fixed <b>now</b> &amp; done. <script>alert(1)</script>[click](javascript:alert(2)) `a<b`',
    );
    expect(text).toBe('Fixed now & done. click a<b');
  });

  it('shows a mailto link as its address', () => {
    expect(markdownToText('Write to [support](mailto:help@example.com).')).toBe(
      'Write to support (help@example.com).',
    );
  });
});

describe('incident email text part', () => {
  it('shows the update as readable text, links included', () => {
    const email = incidentNotificationEmail({
      pageName: 'Acme',
      pageUrl: 'https://status.acme.test',
      incident: { name: 'API errors', impact: 'major', url: 'https://status.acme.test/incidents/inc_1/' },
      update: {
        status: 'identified',
        body: 'We are **rolling back**. Details: [post](https://acme.test/post).',
        displayAt: '2026-11-30T14:05:00.000Z',
      },
      timeZone: 'UTC',
      components: [],
      links: { manage: 'https://api.acme.test/m', unsubscribe: 'https://api.acme.test/u' },
    });
    expect(email.text).toContain('We are rolling back. Details: post (https://acme.test/post).');
    expect(email.text).not.toContain('**');
    expect(email.text).not.toContain('](');
    // The time as the page shows it, not a raw timestamp.
    expect(email.text).toContain('Major impact · 30 Nov 2026, 14:05 UTC');
    expect(email.html).toContain('30 Nov 2026, 14:05 UTC');
    // In dark mode the button keeps white text (the card's link colour would be unreadable on it).
    expect(email.html).toMatch(/<a href="[^"]+" class="candor-button"/);
    expect(email.html).toContain('.candor-card a.candor-button { color: #ffffff !important; }');
  });
});
