// Choosing what a webhook or a subscriber follows: groups and components as checkboxes named
// `target` (the admin API's `components` list of cmp_/grp_ ids); none ticked means the whole page.
import type { Context } from 'hono';
import { listComponentGroups, listComponents } from '../../../db/queries/components.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { groupComponents } from './shared.ts';

export async function targetFields(
  c: Context<ConsoleEnv>,
  chosen: ReadonlySet<string>,
  legend: string,
): Promise<SafeHtml> {
  const [groups, components] = await Promise.all([listComponentGroups(c.var.db), listComponents(c.var.db)]);
  const box = (id: string, label: string) =>
    html`<label class="check"><input type="checkbox" name="target" value="${id}"${chosen.has(id) ? html` checked` : html``}>${label}</label>`;
  const groupBoxes = groups.map((group) => box(group.id, `${group.name} (the whole group)`));
  const sections = groupComponents(groups, components).map(
    ({ group, components: members }) =>
      html`<fieldset><legend>${group ? group.name : 'Components'}</legend>${members.map((component) => box(component.id, component.name))}</fieldset>`,
  );
  return html`<fieldset><legend>${legend}</legend><p class="muted">Nothing ticked: the whole page.</p>
${groups.length > 0 ? html`<fieldset><legend>Groups</legend>${groupBoxes}</fieldset>` : html``}${sections}</fieldset>`;
}
