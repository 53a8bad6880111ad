// The words of a post-mortem that every output shares (page, feeds, emails, public JSON), so that
// what a Statuspage client reads in postmortem_body is what the page shows.
import type { ActionItem, ActionItemStatus } from '../../db/types.ts';

export const ACTION_ITEM_STATUS_WORDS: Record<ActionItemStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
};

// A title typed over several lines would break the markdown list it is written into.
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The action items as a markdown list: `- Done: Add a second region (due 2026-12-15)`. */
export function actionItemsMarkdown(items: readonly ActionItem[]): string {
  return items
    .map((item) => {
      const due = item.due_on ? ` (due ${item.due_on})` : '';
      return `- ${ACTION_ITEM_STATUS_WORDS[item.status]}: ${oneLine(item.title)}${due}`;
    })
    .join('\n');
}

/**
 * The whole post-mortem as markdown: the body, then its action items under their own heading.
 * This is the public JSON's postmortem_body, so that a client that knows only that field still
 * reads what is being changed.
 */
export function postmortemMarkdown(postmortem: {
  body: string;
  action_items: readonly ActionItem[];
}): string {
  const body = postmortem.body.trim();
  if (postmortem.action_items.length === 0) return body;
  return `${body}\n\n## Action items\n\n${actionItemsMarkdown(postmortem.action_items)}`;
}

/** The markdown of a follow-up: which action items are now done. */
export function followUpMarkdown(completedItems: readonly string[]): string {
  return `We have finished ${completedItems.length === 1 ? 'this action item' : 'these action items'}:\n\n${completedItems
    .map((title) => `- ${oneLine(title)}`)
    .join('\n')}`;
}

/** Where a post-mortem is published for one of its incidents, relative to the site's root. */
export function postmortemPath(incidentId: string): string {
  return `/incidents/${encodeURIComponent(incidentId)}/postmortem/`;
}
