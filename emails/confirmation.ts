// The double opt-in message: the only email an unconfirmed address ever gets (see issue 10).
import { escapeHtml, oneLine } from './escape.ts';
import { buttonLink, link, renderLayout } from './layout.ts';
import type { EmailContent } from './types.ts';

export interface ConfirmationProps {
  pageName: string;
  pageUrl: string;
  /** /subscribe/confirm?token=…: opens a page with a Confirm button (scanners only GET). */
  confirmUrl: string;
}

/** Asks the reader to confirm a subscription; says what to do if they did not ask for it. */
export function confirmationEmail(props: ConfirmationProps): EmailContent {
  const subject = oneLine(`Confirm your subscription to ${props.pageName}`);
  const bodyHtml = `<p style="margin:0 0 16px;">Someone, hopefully you, asked to receive updates from
<strong>${escapeHtml(props.pageName)}</strong> at this address.</p>
${buttonLink(props.confirmUrl, 'Confirm subscription')}
<p style="margin:16px 0 0;">Or open this link: ${link(props.confirmUrl, props.confirmUrl)}</p>
<p style="margin:16px 0 0;">The link works once and expires in 7 days.</p>`;
  const footerHtml = 'If you did not ask for this, ignore this email: you will get nothing more from us.';
  const text = [
    `Someone, hopefully you, asked to receive updates from ${props.pageName} at this address.`,
    '',
    `Confirm your subscription: ${props.confirmUrl}`,
    '',
    'The link works once and expires in 7 days.',
    'If you did not ask for this, ignore this email: you will get nothing more from us.',
    '',
  ].join('\n');
  return {
    subject,
    html: renderLayout({
      pageName: props.pageName,
      pageUrl: props.pageUrl,
      preheader: subject,
      bodyHtml,
      footerHtml,
    }),
    text,
  };
}
