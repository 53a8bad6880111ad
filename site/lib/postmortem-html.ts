// The post-mortem's report as HTML: the page (site/pages/incidents/[id]/postmortem.astro) inserts
// it, and the admin preview returns it, so that a preview is exactly what readers will see. The
// body goes through the one sanitiser; action item titles are text, escaped.
import type { ActionItem } from '../../db/types.ts';
import { escapeHtml } from './escape.ts';
import { renderMarkdown } from './markdown.ts';
import { ACTION_ITEM_STATUS_WORDS } from './postmortem.ts';

function actionItemsTable(items: readonly ActionItem[]): string {
  const rows = items
    .map(
      (item) =>
        `<tr data-status="${item.status}"><td>${escapeHtml(item.title)}</td><td>${ACTION_ITEM_STATUS_WORDS[item.status]}</td><td>${
          item.due_on ? `<time datetime="${escapeHtml(item.due_on)}">${escapeHtml(item.due_on)}</time>` : '—'
        }</td></tr>`,
    )
    .join('\n');
  return `<section class="action-items" aria-labelledby="action-items-heading">
<h2 id="action-items-heading">Action items</h2>
<table>
<thead><tr><th scope="col">What we are changing</th><th scope="col">Status</th><th scope="col">Due</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

/** The report: the sanitised body, then the action items (when there are any). */
export function renderPostmortemHtml(postmortem: {
  body: string;
  action_items: readonly ActionItem[];
}): string {
  const body = `<div class="postmortem-body">${renderMarkdown(postmortem.body)}</div>`;
  return postmortem.action_items.length > 0 ? `${body}\n${actionItemsTable(postmortem.action_items)}` : body;
}
