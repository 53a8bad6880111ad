// The fields of the Page settings form, in fieldsets with help text (the README's words). Values
// are the page's, or what was typed when the form comes back with errors.
import type { Page } from '../../../db/types.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';

export const IMPACT_KEYS = ['critical', 'major', 'minor', 'none'] as const;
export const TEXT_SETTINGS = ['name', 'url', 'time_zone'] as const;
/** Optional settings: left empty, they are cleared (null). */
export const OPTIONAL_SETTINGS = [
  'logo_url',
  'product_url',
  'support_url',
  'escalation_email',
  'chat_webhook_url',
] as const;
export const NUMBER_SETTINGS = [
  'reminder_lead_minutes',
  'escalation_after_minutes',
  'monitoring_watch_minutes',
  'postmortem_deadline_hours',
] as const;
export const FLAG_SETTINGS = ['show_next_update', 'show_incident_metrics'] as const;

/** The form's name of an impact's cadence field. */
export const cadenceName = (impact: string) => `update_cadence_minutes.${impact}`;

type Kind = 'text' | 'url' | 'email' | 'number';

interface FieldSpec {
  /** The form field's name. */
  name: string;
  /** The JSON pointer the API's errors name. */
  pointer: string;
  label: string;
  kind: Kind;
  help?: string;
  required?: boolean;
  min?: number;
}

function input(spec: FieldSpec, value: string, errors: FormErrors | null): SafeHtml {
  const id = spec.name.replace('.', '-');
  const type = spec.kind === 'url' ? 'text' : spec.kind; // mailto: support links are not type=url
  const helpId = `${id}-help`;
  const described = errors?.fields.has(spec.pointer)
    ? invalidAttrs(errors, spec.pointer, id)
    : spec.help
      ? html` aria-describedby="${helpId}"`
      : html``;
  const extra = html`${spec.required ? html` required` : html``}${spec.kind === 'number' ? html` min="${String(spec.min ?? 1)}" step="1" inputmode="numeric"` : html``}${spec.kind === 'url' ? html` inputmode="url" autocomplete="off"` : html``}`;
  return html`<label for="${id}">${spec.label}</label>
<input id="${id}" name="${spec.name}" type="${type}" value="${value}"${extra}${described}>${spec.help ? html`<p class="muted" id="${helpId}">${spec.help}</p>` : html``}${fieldError(errors, spec.pointer, id)}`;
}

function checkbox(name: string, label: string, help: string, checked: boolean): SafeHtml {
  return html`<label class="check"><input type="checkbox" name="${name}" value="on" aria-describedby="${name}-help"${checked ? html` checked` : html``}>${label}</label><p class="muted" id="${name}-help">${help}</p>`;
}

const field = (name: string, label: string, kind: Kind, help?: string, extra: Partial<FieldSpec> = {}) => ({
  name,
  pointer: `/${name}`,
  label,
  kind,
  ...(help ? { help } : {}),
  ...extra,
});

const PAGE_FIELDS: FieldSpec[] = [
  field('name', 'Page name', 'text', 'Shown as the page title.', { required: true }),
  field(
    'url',
    'Public address',
    'url',
    'Where readers find the page (http or https); used in feeds and links.',
    {
      required: true,
    },
  ),
  field(
    'time_zone',
    'Time zone',
    'text',
    'An IANA name such as Europe/Paris: the page shows its times there.',
    {
      required: true,
    },
  ),
];

const HEADER_FIELDS: FieldSpec[] = [
  field(
    'logo_url',
    'Logo address (optional)',
    'url',
    "An https image shown beside the page's name. Empty: none.",
  ),
  field(
    'product_url',
    'Product address (optional)',
    'url',
    'The product the page reports on, linked from the header. Empty: none.',
  ),
  field(
    'support_url',
    'Support address (optional)',
    'url',
    'Where readers get help: a page or a mailto: address. Empty: none.',
  ),
];

const REMINDER_FIELDS: FieldSpec[] = [
  field(
    'reminder_lead_minutes',
    'Remind the lead, minutes before an update is due',
    'number',
    '0: no "update due soon" reminder.',
    { required: true, min: 0 },
  ),
  field(
    'escalation_after_minutes',
    'Escalate, minutes after an update is overdue',
    'number',
    'The escalation contact and the chat webhook hear "overdue by N min, lead: …".',
    { required: true },
  ),
  field(
    'escalation_email',
    'Escalation contact (optional)',
    'email',
    'Hears escalations; also the lead of incidents opened without one. Empty: none.',
  ),
  field(
    'chat_webhook_url',
    'Chat webhook (optional)',
    'url',
    'A Slack-compatible incoming webhook that hears every reminder and nudge; private and local addresses are refused. Empty: none.',
  ),
  field(
    'monitoring_watch_minutes',
    'Monitoring watch, minutes',
    'number',
    'An incident monitoring this long since its last update is nudged to resolve it or post an update.',
    { required: true },
  ),
  field(
    'postmortem_deadline_hours',
    'Post-mortem deadline, hours',
    'number',
    'A resolved major or critical incident is nudged to publish a post-mortem within this many hours.',
    { required: true },
  ),
];

const IMPACT_LABELS: Record<(typeof IMPACT_KEYS)[number], string> = {
  critical: 'Critical impact',
  major: 'Major impact',
  minor: 'Minor impact',
  none: 'No impact',
};

/** Every field of the page's settings, grouped. */
export function settingsForm(page: Page, form: Form | null, errors: FormErrors | null): SafeHtml {
  const current = (name: string): string => {
    if (form) return form.get(name);
    if (name.startsWith('update_cadence_minutes.')) {
      return String(page.update_cadence_minutes[name.split('.')[1] as (typeof IMPACT_KEYS)[number]]);
    }
    const value = page[name as keyof Page];
    return value === null || value === undefined ? '' : String(value);
  };
  const flag = (name: (typeof FLAG_SETTINGS)[number]) => (form ? form.has(name) : page[name]);
  const render = (specs: FieldSpec[]) => specs.map((spec) => input(spec, current(spec.name), errors));
  const cadence = IMPACT_KEYS.map((impact) =>
    input(
      {
        name: cadenceName(impact),
        pointer: `/update_cadence_minutes/${impact}`,
        label: `${IMPACT_LABELS[impact]}, minutes`,
        kind: 'number',
        required: true,
      },
      current(cadenceName(impact)),
      errors,
    ),
  );
  return html`<fieldset><legend>The page</legend>${render(PAGE_FIELDS)}</fieldset>
<fieldset><legend>Header links</legend>${render(HEADER_FIELDS)}</fieldset>
<fieldset><legend>Update cadence</legend><p class="muted">Minutes between public updates, by the incident's impact (an incident may set its own).</p>${cadence}
${checkbox('show_next_update', 'Promise readers the next update', 'The page says "Next update by 14:45 UTC" and the public JSON carries next_update_at.', flag('show_next_update'))}
${checkbox('show_incident_metrics', 'Show incident metrics', 'Each incident page shows how soon and how often it was updated.', flag('show_incident_metrics'))}</fieldset>
<fieldset><legend>Reminders and escalation</legend>${render(REMINDER_FIELDS)}</fieldset>`;
}
