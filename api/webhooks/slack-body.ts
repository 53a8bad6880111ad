// A Slack incoming-webhook body (`text` for notifications, `blocks` for the message). Everything
// a user typed is escaped as Slack asks (&, <, >), so a name cannot forge a link or a mention.
import type {
  Component,
  ComponentStatus,
  ComponentStatusChange,
  IncidentWithDetails,
} from '../../db/types.ts';
import { incidentShortlink } from '../public/statuspage-format.ts';
import type { PageContext } from './page-context.ts';

const COMPONENT_WORDS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

// Slack refuses a header over 150 characters and a section text over 3000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const capitalised = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/** The incident as it stands, with the update the event is about (the latest when none is named). */
export function slackIncidentBody(
  context: PageContext,
  incident: IncidentWithDetails,
  updateId: string | null,
): Record<string, unknown> {
  const update =
    incident.incident_updates.find((item) => item.id === updateId) ?? incident.incident_updates[0];
  const status = capitalised(update?.status ?? incident.status);
  const link = incidentShortlink(context.page.url, incident.id);
  const affected = context.components
    .filter((component) => !component.group && incident.component_ids.includes(component.id))
    .map((component) => `${escapeSlack(component.name)}: ${COMPONENT_WORDS[component.status]}`);
  const details = [`*${status}* · impact ${incident.impact}`, escapeSlack(update?.body ?? '')];
  if (affected.length > 0) details.push(`Affected: ${affected.join(', ')}`);
  return {
    text: escapeSlack(`[${context.page.name}] ${incident.name}: ${status}`),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(incident.name, HEADER_MAX) } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(details.join('\n'), SECTION_MAX) } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `<${link}|${clip(escapeSlack(context.page.name), 200)}> · ${update?.display_at ?? incident.updated_at}`,
          },
        ],
      },
    ],
  };
}

export function slackComponentBody(
  context: PageContext,
  change: ComponentStatusChange,
  component: Component,
): Record<string, unknown> {
  const now = COMPONENT_WORDS[change.new_status];
  const was = change.old_status ? ` (was ${COMPONENT_WORDS[change.old_status]})` : '';
  return {
    text: escapeSlack(`[${context.page.name}] ${component.name}: ${now}${was}`),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: clip(`*${escapeSlack(component.name)}* is now *${now}*${was}`, SECTION_MAX),
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `<${context.page.url}|${clip(escapeSlack(context.page.name), 200)}> · ${change.changed_at}`,
          },
        ],
      },
    ],
  };
}
