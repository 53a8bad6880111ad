// The first draft of a post-mortem: the sections customers read, with the facts Candor already
// knows filled in (when, how long, which components, and a timeline from the public updates) so
// that the author writes only what no system knows: why, and what changes.
import type { IncidentWithDetails } from '../../db/types.ts';
import { formatDateTime, formatDuration } from '../../site/lib/format.ts';
import { markdownExcerpt } from '../../site/lib/markdown.ts';
import { incidentStatusWord } from '../../site/lib/status.ts';

// A timeline line carries the start of the update as typed; longer ones are for the author to trim.
const TIMELINE_TEXT_LENGTH = 280;

export interface TemplateInput {
  /** The incidents the post-mortem covers (one or more). */
  incidents: readonly IncidentWithDetails[];
  /** Names of components by id, in page order. */
  componentNames: ReadonlyMap<string, string>;
  timeZone: string;
}

// Plain text written into markdown: shown as typed, never as markup.
const asText = (text: string) =>
  text.replace(/[\\`*_[\]<>#|~]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : `\\${char}`));

function impactLines(input: TemplateInput): string[] {
  const starts = input.incidents.map((incident) => incident.started_at).sort();
  const ends = input.incidents.map((incident) => incident.resolved_at);
  const start = starts[0] ?? null;
  const end = ends.every((value) => value !== null) ? ((ends as string[]).sort().at(-1) ?? null) : null;
  const ids = new Set(input.incidents.flatMap((incident) => incident.component_ids));
  const names = [...input.componentNames].filter(([id]) => ids.has(id)).map(([, name]) => asText(name));
  return [
    `- **Start:** ${start ? formatDateTime(start, input.timeZone) : 'unknown'}`,
    `- **End:** ${end ? formatDateTime(end, input.timeZone) : 'not resolved yet'}`,
    `- **Duration:** ${start && end ? formatDuration(Date.parse(end) - Date.parse(start)) : 'ongoing'}`,
    `- **Affected components:** ${names.length > 0 ? names.join(', ') : 'none listed'}`,
    '- **Who was affected and how:** _describe what customers saw_',
  ];
}

function timelineLines(input: TemplateInput): string[] {
  const several = input.incidents.length > 1;
  const updates = input.incidents
    .flatMap((incident) => incident.incident_updates.map((update) => ({ incident, update })))
    .sort((a, b) =>
      a.update.display_at < b.update.display_at ? -1 : a.update.display_at > b.update.display_at ? 1 : 0,
    );
  if (updates.length === 0) return ['- _No public updates were posted._'];
  return updates.map(({ incident, update }) => {
    const prefix = several ? `${asText(incident.name)}: ` : '';
    const text = asText(markdownExcerpt(update.body, TIMELINE_TEXT_LENGTH));
    return `- **${formatDateTime(update.display_at, input.timeZone)}** — ${prefix}${incidentStatusWord(update.status)}. ${text}`;
  });
}

/** The markdown of a new draft for these incidents. */
export function postmortemTemplate(input: TemplateInput): string {
  return [
    '## Summary',
    '',
    '_In two or three sentences: what happened, who was affected, and how it ended._',
    '',
    '## Impact',
    '',
    ...impactLines(input),
    '',
    '## Root cause',
    '',
    '_What caused it, and why it was not caught earlier._',
    '',
    '## Timeline',
    '',
    ...timelineLines(input),
    '',
    '## What we are changing',
    '',
    '_What we have done, and what we will do, so that it does not happen again. List each change as an action item too: readers can follow it to done._',
    '',
  ].join('\n');
}
