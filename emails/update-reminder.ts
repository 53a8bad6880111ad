// The reminders of the update cadence and the lifecycle nudges, to an incident's lead or the
// escalation contact (never to subscribers): what is due, and the commands that answer it.
import { escapeHtml, oneLine } from './escape.ts';
import { link, renderLayout } from './layout.ts';
import type { EmailContent } from './types.ts';

export interface UpdateReminderProps {
  pageName: string;
  pageUrl: string;
  /** One line of plain text. */
  subject: string;
  /** Plain-text paragraphs. */
  lines: readonly string[];
  commands: ReadonlyArray<{ label: string; command: string }>;
  incidentUrl: string;
}

const CODE_STYLE =
  'display:block;margin:4px 0 12px;padding:8px 10px;background-color:#f6f8fa;border:1px solid #d8dee4;border-radius:4px;font-family:Menlo,Consolas,monospace;font-size:13px;white-space:pre-wrap;word-break:break-all;color:#1f2328;';

/** A reminder: the lines, each command in a copyable block, and the incident's public page. */
export function updateReminderEmail(props: UpdateReminderProps): EmailContent {
  const subject = oneLine(`[${props.pageName}] ${props.subject}`);
  const paragraphs = props.lines.map((line) => `<p style="margin:0 0 12px;">${escapeHtml(line)}</p>`);
  const commands = props.commands.map(
    ({ label, command }) =>
      `<p style="margin:12px 0 0;">${escapeHtml(label)}:</p><code style="${CODE_STYLE}">${escapeHtml(command)}</code>`,
  );
  const bodyHtml = [
    ...paragraphs,
    ...commands,
    `<p style="margin:12px 0 0;">The incident as readers see it: ${link(props.incidentUrl, props.incidentUrl)}</p>`,
  ].join('\n');
  const footerHtml =
    'You receive this because you lead this incident or are its escalation contact on this status page.';
  const text = [
    ...props.lines.flatMap((line) => [line, '']),
    ...props.commands.flatMap(({ label, command }) => [`${label}:`, `  ${command}`, '']),
    `The incident as readers see it: ${props.incidentUrl}`,
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
