// The audit log: who changed what, newest first, filterable by resource, with each change's diff.
import { listAuditEntries } from '../../../db/queries/audit-log.ts';
import { memberNames } from '../../../db/queries/members.ts';
import type { AuditEntry } from '../../../db/types.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { consolePage } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { select } from './shared.ts';

const PATH = '/admin/audit-log';
const PAGE_SIZE = 50;
const RESOURCES = [
  'page',
  'component_group',
  'component',
  'incident',
  'subscriber',
  'webhook',
  'admin_token',
  'member',
];

const show = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value, null, 1));

/** The change as a list: each changed field with its value before and after. */
function diff(entry: AuditEntry): SafeHtml {
  if (entry.changes) {
    return html`<dl class="diff">${Object.entries(entry.changes).map(
      ([pointer, change]) =>
        html`<dt>${pointer}</dt><dd><span class="bad">− ${show(change.before)}</span><br><span class="ok">+ ${show(change.after)}</span></dd>`,
    )}</dl>`;
  }
  if (entry.after) return html`<details><summary>Created</summary><pre>${show(entry.after)}</pre></details>`;
  if (entry.before)
    return html`<details><summary>Deleted</summary><pre>${show(entry.before)}</pre></details>`;
  return html``;
}

export const auditLogScreen: ConsoleScreen = {
  label: 'Audit log',
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(PATH, async (c) => {
      const type = c.req.query('type') ?? '';
      const id = (c.req.query('id') ?? '').trim();
      const before = Number(c.req.query('before') ?? '');
      const entries = await listAuditEntries(c.var.db, {
        limit: PAGE_SIZE,
        ...(RESOURCES.includes(type) ? { resourceType: type } : {}),
        ...(id ? { resourceId: id } : {}),
        ...(Number.isInteger(before) && before > 0 ? { before } : {}),
      });
      const names = await memberNames(c.var.db);
      const rows = entries.map(
        (
          entry,
        ) => html`<li><strong>${entry.action}</strong> <span class="muted">${entry.resource_id}</span><br>
<span class="muted">by ${names.get(entry.actor) ?? entry.actor} · ${entry.created_at.replace('T', ' ').slice(0, 19)} UTC</span>${diff(entry)}</li>`,
      );
      const last = entries.at(-1);
      const next = new URLSearchParams({ type, id, before: String(last?.id ?? '') });
      const body = html`<h1>Audit log</h1>
<form method="get" action="${PATH}" class="card"><label for="type">Resource</label>${select('type', 'type', [['', 'All'], ...RESOURCES.map((r) => [r, r.replace('_', ' ')] as const)], type)}
<label for="id">Resource id</label><input id="id" name="id" type="text" value="${id}">
<div class="actions"><button type="submit">Filter</button></div></form>
${entries.length === 0 ? html`<p>Nothing recorded.</p>` : html`<ul class="list">${rows}</ul>`}
${entries.length === PAGE_SIZE ? html`<p><a class="button secondary" href="${PATH}?${next.toString()}">Older entries</a></p>` : html``}`;
      return consolePage(c, { title: 'Audit log', current: PATH, body });
    });
  },
};
