// What the screens share: who acts, the form-or-errors round trip, and small form controls.
import type { Context } from 'hono';
import {
  COMPONENT_STATUSES,
  type Component,
  type ComponentGroup,
  type ComponentStatus,
} from '../../../db/types.ts';
import { COMPONENT_STATUS_WORDS } from '../../../site/lib/status.ts';
import type { ServiceContext } from '../../services/context.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { type FormErrors, formErrorsOf } from '../form.ts';
import { consolePage } from '../layout.ts';

/** The service context of a console request: the member (or token) signed in acts. */
export function actorContext(c: Context<ConsoleEnv>): ServiceContext {
  return { actor: c.var.session.actor, scope: c.var.session.scope, now: c.var.now() };
}

/**
 * Runs a form's action; when the services or the schema refuse the input, re-renders the form
 * with what was typed and the errors (400, or 409 for a conflict). Anything else propagates.
 */
export async function submit(
  action: () => Promise<Response>,
  rerender: (errors: FormErrors, status: 400 | 404 | 409) => Response | Promise<Response>,
): Promise<Response> {
  try {
    return await action();
  } catch (error) {
    const errors = formErrorsOf(error);
    if (!errors) throw error;
    const code = (error as { code?: string; kind?: string }).code ?? (error as { kind?: string }).kind;
    return rerender(errors, code === 'conflict' ? 409 : code === 'not_found' ? 404 : 400);
  }
}

/**
 * Runs a delete confirmed on its own page: back to `listPath` with `?done=deleted`, or a page
 * saying why the services refused (e.g. a group that still holds components).
 */
export function submitDelete(
  c: Context<ConsoleEnv>,
  remove: () => Promise<unknown>,
  list: { path: string; label: string },
): Promise<Response> {
  return submit(
    async () => {
      await remove();
      return c.redirect(`${list.path}?done=deleted`, 303);
    },
    (errors, status) =>
      consolePage(c, {
        title: 'Not deleted',
        current: list.path,
        status,
        body: html`<h1>Not deleted</h1><p class="alert">${errors.summary}</p><p><a href="${list.path}">Back to ${list.label}</a></p>`,
      }),
  );
}

/** A select of component statuses; `empty` adds a first option meaning "leave as it is". */
export function componentStatusSelect(
  id: string,
  name: string,
  selected: string,
  empty?: string,
  extra: SafeHtml = html``,
): SafeHtml {
  const options = COMPONENT_STATUSES.map(
    (status) =>
      html`<option value="${status}"${selected === status ? html` selected` : html``}>${COMPONENT_STATUS_WORDS[status]}</option>`,
  );
  return html`<select id="${id}" name="${name}"${extra}>${empty === undefined ? html`` : html`<option value="">${empty}</option>`}${options}</select>`;
}

/** Components in their groups, in page order: ungrouped ones first under "Other components". */
export function groupComponents(
  groups: readonly ComponentGroup[],
  components: readonly Component[],
): Array<{ group: ComponentGroup | null; components: Component[] }> {
  const ungrouped = components.filter((component) => component.group_id === null);
  const sections = groups.map((group) => ({
    group,
    components: components.filter((component) => component.group_id === group.id),
  }));
  return [...(ungrouped.length > 0 ? [{ group: null, components: ungrouped }] : []), ...sections].filter(
    (section) => section.components.length > 0,
  );
}

export const isComponentStatus = (value: string): value is ComponentStatus =>
  (COMPONENT_STATUSES as readonly string[]).includes(value);

/** A select from a list of values and labels. */
export function select(
  id: string,
  name: string,
  options: ReadonlyArray<readonly [value: string, label: string]>,
  selected: string,
  extra: SafeHtml = html``,
): SafeHtml {
  return html`<select id="${id}" name="${name}"${extra}>${options.map(
    ([value, label]) =>
      html`<option value="${value}"${value === selected ? html` selected` : html``}>${label}</option>`,
  )}</select>`;
}

/** A one-line form with a single button (delete, move, revoke), CSRF token included. */
export function buttonForm(
  c: Context<ConsoleEnv>,
  action: string,
  label: string,
  options: { className?: string; hidden?: Record<string, string>; ariaLabel?: string } = {},
): SafeHtml {
  const hidden = Object.entries(options.hidden ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<form class="inline" method="post" action="${action}"><input type="hidden" name="csrf" value="${c.var.session.csrfToken}">${hidden}<button type="submit"${options.className ? html` class="${options.className}"` : html``}${options.ariaLabel ? html` aria-label="${options.ariaLabel}"` : html``}>${label}</button></form>`;
}
