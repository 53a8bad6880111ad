// The console's emailed sign-in: one link, single use, short-lived. Not a subscriber email, so no
// unsubscribe headers: it goes only to a member who asked for it.
import { escapeHtml, oneLine } from './escape.ts';
import { buttonLink, link, renderLayout } from './layout.ts';
import type { EmailContent } from './types.ts';

export interface SignInLinkProps {
  pageName: string;
  pageUrl: string;
  memberName: string;
  /** /admin/sign-in/link?token=…: opens a page with a Sign in button (mail scanners only GET). */
  signInUrl: string;
  /** How long the link works, in minutes. */
  minutes: number;
}

export function signInLinkEmail(props: SignInLinkProps): EmailContent {
  const subject = oneLine(`Sign in to the ${props.pageName} console`);
  const bodyHtml = `<p style="margin:0 0 16px;">Hello ${escapeHtml(props.memberName)}, here is your link to the
<strong>${escapeHtml(props.pageName)}</strong> console.</p>
${buttonLink(props.signInUrl, 'Sign in')}
<p style="margin:16px 0 0;">Or open this link: ${link(props.signInUrl, props.signInUrl)}</p>
<p style="margin:16px 0 0;">It works once, within ${props.minutes} minutes.</p>`;
  const footerHtml =
    'If you did not ask to sign in, ignore this email: nobody can use it without this mailbox.';
  const text = [
    `Hello ${props.memberName}, here is your link to the ${props.pageName} console.`,
    '',
    `Sign in: ${props.signInUrl}`,
    '',
    `It works once, within ${props.minutes} minutes.`,
    'If you did not ask to sign in, ignore this email.',
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
