// A post-mortem as one subscriber's email: the report itself when it is published (or updated),
// or a short follow-up when action items it promised are done. Markdown goes through the site's
// one sanitiser, so the email shows exactly what the page shows.

import type { ActionItem } from '../db/types.ts';
import { renderMarkdown } from '../site/lib/markdown.ts';
import { followUpMarkdown, postmortemMarkdown } from '../site/lib/postmortem.ts';
import { escapeHtml, oneLine } from './escape.ts';
import { buttonLink, link, renderLayout } from './layout.ts';
import type { EmailContent, SubscriberLinks } from './types.ts';

export type PostmortemMessageKind = 'published' | 'updated' | 'follow_up';

export interface PostmortemNotificationProps {
  pageName: string;
  pageUrl: string;
  kind: PostmortemMessageKind;
  /** The incidents it covers: names as typed. */
  incidentNames: readonly string[];
  /** The public page of the post-mortem. */
  url: string;
  /** The version announced. */
  postmortem: { body: string; action_items: readonly ActionItem[]; completed_items: readonly string[] };
  /** When this version was published (ISO-8601 UTC). */
  publishedAt: string;
  links: SubscriberLinks;
}

const HEADINGS: Record<PostmortemMessageKind, string> = {
  published: 'Post-mortem',
  updated: 'Post-mortem updated',
  follow_up: 'Post-mortem follow-up',
};

export function postmortemSubject(
  props: Pick<PostmortemNotificationProps, 'pageName' | 'kind' | 'incidentNames'>,
): string {
  return oneLine(`[${props.pageName}] ${HEADINGS[props.kind]}: ${props.incidentNames.join(', ')}`);
}

// What the email says in markdown: the whole report, or for a follow-up only what is now done.
function messageMarkdown(props: PostmortemNotificationProps): string {
  return props.kind === 'follow_up'
    ? followUpMarkdown(props.postmortem.completed_items)
    : postmortemMarkdown(props.postmortem);
}

function textPart(props: PostmortemNotificationProps): string {
  return [
    `${HEADINGS[props.kind]}: ${props.incidentNames.join(', ')}`,
    props.publishedAt,
    '',
    messageMarkdown(props),
    '',
    `Read it on the status page: ${props.url}`,
    '',
    `Manage your subscription: ${props.links.manage}`,
    `Unsubscribe: ${props.links.unsubscribe}`,
    '',
  ].join('\n');
}

/** The email for one published version; every string from the data is escaped or sanitised. */
export function postmortemNotificationEmail(props: PostmortemNotificationProps): EmailContent {
  const heading = HEADINGS[props.kind];
  const names = props.incidentNames.join(', ');
  const bodyHtml = `<p style="margin:0 0 4px;font-size:13px;color:#59636e;" class="candor-muted">${escapeHtml(heading)} · ${escapeHtml(props.publishedAt)}</p>
<h1 style="margin:0 0 12px;font-size:20px;line-height:1.3;color:#1f2328;" class="candor-text">${escapeHtml(names)}</h1>
<div>${renderMarkdown(messageMarkdown(props))}</div>
${buttonLink(props.url, 'Read the post-mortem')}`;
  const footerHtml = `You receive this because you subscribed to updates from ${escapeHtml(props.pageName)}.<br>
${link(props.links.manage, 'Manage your subscription')} · ${link(props.links.unsubscribe, 'Unsubscribe')}`;
  return {
    subject: postmortemSubject(props),
    html: renderLayout({
      pageName: props.pageName,
      pageUrl: props.pageUrl,
      preheader: `${heading}: ${names}`,
      bodyHtml,
      footerHtml,
    }),
    text: textPart(props),
  };
}
