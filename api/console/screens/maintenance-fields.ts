// The controls of the maintenance forms: the window (wall-clock times in the page's zone, the zone
// stated), components by name in their groups, the settings, markdown with its preview. Every id
// carries the form's prefix, since a window's page holds two forms.
import type { Component, ComponentGroup } from '../../../db/types.ts';
import { renderMarkdown } from '../../../site/lib/markdown.ts';
import { html, SafeHtml } from '../../subscribers/html.ts';
import { type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { SETTING_NAMES, type SettingName } from './maintenance-form.ts';
import { groupComponents } from './shared.ts';

/** A field's label, input and error; `value` as typed (or as stored). */
export function inputField(
  prefix: string,
  name: string,
  label: string,
  value: string,
  errors: FormErrors | null,
  options: { type?: string; required?: boolean; hint?: string } = {},
): SafeHtml {
  const id = `${prefix}-${name}`;
  const pointer = `/${name}`;
  const hintId = `${id}-hint`;
  const hint = options.hint ? html`<p class="muted" id="${hintId}">${options.hint}</p>` : html``;
  const describedBy =
    options.hint && !errors?.fields.has(pointer) ? html` aria-describedby="${hintId}"` : html``;
  return html`<label for="${id}">${label}</label>${hint}<input id="${id}" name="${name}" type="${options.type ?? 'text'}" value="${value}"${options.required ? html` required` : html``}${describedBy}${invalidAttrs(errors, pointer, id)}>${fieldError(errors, pointer, id)}`;
}

export function markdownField(
  prefix: string,
  label: string,
  value: string,
  errors: FormErrors | null,
  required: boolean,
): SafeHtml {
  const id = `${prefix}-message`;
  return html`<label for="${id}">${label}</label><textarea id="${id}" name="message"${required ? html` required` : html``}${invalidAttrs(errors, '/message', id)}>${value}</textarea>${fieldError(errors, '/message', id)}`;
}

/** Components by name in their groups, as checkboxes; the error of any of them shown above. */
export function componentCheckboxes(
  prefix: string,
  groups: readonly ComponentGroup[],
  components: readonly Component[],
  checked: ReadonlySet<string>,
  errors: FormErrors | null,
): SafeHtml {
  const sections = groupComponents(groups, components);
  if (sections.length === 0) return html`<p class="muted">There are no components yet.</p>`;
  const error = fieldError(errors, '/components', `${prefix}-components`);
  return html`<fieldset><legend>Components under maintenance</legend>${error}${sections.map(
    ({ group, components: members }) =>
      html`<fieldset><legend>${group ? group.name : 'Other components'}</legend>${members.map(
        (component) =>
          html`<label class="check"><input type="checkbox" name="components" value="${component.id}"${checked.has(component.id) ? html` checked` : html``}>${component.name}</label>`,
      )}</fieldset>`,
  )}</fieldset>`;
}

const SETTING_LABELS: Record<SettingName, string> = {
  auto_start: 'Start by itself at the start time',
  auto_complete: 'Complete by itself at the end time',
  set_components_under_maintenance: 'Show its components as under maintenance while it runs',
  notify: 'Tell subscribers and webhooks (scheduled, reminders, started, completed, changes)',
};

/** The four switches and the reminders; `values` as typed or as stored. */
export function settingsFields(
  prefix: string,
  values: Record<SettingName, boolean> & { remind_before_minutes: string },
  errors: FormErrors | null,
): SafeHtml {
  const boxes = SETTING_NAMES.map(
    (name) =>
      html`<label class="check"><input type="checkbox" name="${name}" value="on"${values[name] ? html` checked` : html``}>${SETTING_LABELS[name]}</label>${fieldError(errors, `/${name}`, `${prefix}-${name}`)}`,
  );
  return html`<fieldset><legend>Settings</legend><input type="hidden" name="settings" value="shown">${boxes}
${inputField(prefix, 'remind_before_minutes', 'Remind subscribers (minutes before the start)', values.remind_before_minutes, errors, { hint: 'Comma-separated, e.g. 1440, 60 for a day and an hour before; empty for no reminders.' })}</fieldset>`;
}

/** The settings as the form shows them: what was typed, else what is stored, else the defaults. */
export function settingsValues(
  form: Form | null,
  stored: Record<SettingName, boolean> & { remind_before_minutes: readonly number[] },
): Record<SettingName, boolean> & { remind_before_minutes: string } {
  const pick = (name: SettingName) => (form ? form.has(name) : stored[name]);
  return {
    auto_start: pick('auto_start'),
    auto_complete: pick('auto_complete'),
    set_components_under_maintenance: pick('set_components_under_maintenance'),
    notify: pick('notify'),
    remind_before_minutes: form ? form.get('remind_before_minutes') : stored.remind_before_minutes.join(', '),
  };
}

/** Which zone the form's times are in, and what it does on the nights the clocks change. */
export function zoneNote(zone: string): SafeHtml {
  return html`<p class="muted">Times are in ${zone}, the page's time zone. On a night the clocks change, a time they skip is refused and a time that happens twice means the first.</p>`;
}

/** The message as the page will show it, through the one sanitising renderer. */
export function markdownPreview(title: SafeHtml, markdown: string): SafeHtml {
  return html`<section class="preview" aria-labelledby="preview-title"><h2 id="preview-title">Preview</h2>
${title}<div>${new SafeHtml(renderMarkdown(markdown))}</div></section>`;
}
