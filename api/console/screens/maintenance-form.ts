// Reading the maintenance forms into the admin API's bodies: wall-clock times in the page's zone
// become instants, checkboxes become the settings, "1440, 60" becomes remind_before_minutes. The
// result is validated by the API's own schemas, so the console accepts what the API accepts.
import type { z } from 'zod';
import type { MaintenanceWithDetails } from '../../../db/types.ts';
import { ApiError, type FieldError } from '../../problem.ts';
import { validateInput } from '../../validation.ts';
import type { Form, FormErrors } from '../form.ts';
import { parseLocalDateTime, toLocalInputValue } from '../local-time.ts';

export const SETTING_NAMES = [
  'auto_start',
  'auto_complete',
  'set_components_under_maintenance',
  'notify',
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/** What the form gave, ready for a schema, and the errors found before it (times, numbers). */
export interface ReadFields {
  fields: Record<string, unknown>;
  errors: FieldError[];
}

function readTime(form: Form, name: string, timeZone: string, into: ReadFields): string | undefined {
  const value = form.get(name).trim();
  if (value === '') return undefined;
  const parsed = parseLocalDateTime(value, timeZone);
  if (parsed.ok) return parsed.iso;
  into.errors.push({
    pointer: `/${name}`,
    detail:
      parsed.reason === 'missing'
        ? `${value.replace('T', ' ')} does not exist in ${timeZone}: the clocks go forward then. Choose another time.`
        : 'Give a date and a time (YYYY-MM-DD HH:MM).',
  });
  return undefined;
}

/** "1440, 60" (minutes, separated by commas or spaces); empty means no reminders. */
export function parseReminders(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
  if (!parts.every((part) => /^\d{1,6}$/.test(part))) return null;
  return parts.map(Number);
}

function readReminders(form: Form, into: ReadFields): number[] | undefined {
  const minutes = parseReminders(form.get('remind_before_minutes'));
  if (minutes) return minutes;
  into.errors.push({
    pointer: '/remind_before_minutes',
    detail: 'Give whole minutes separated by commas, e.g. 1440, 60 (or leave it empty for none).',
  });
  return undefined;
}

const orUndefined = (value: string) => (value.trim() === '' ? undefined : value);

/** The body of POST /admin/v1/maintenances from the schedule form. */
export function readScheduleForm(form: Form, timeZone: string): ReadFields {
  const read: ReadFields = { fields: {}, errors: [] };
  const fields: Record<string, unknown> = {
    name: form.get('name'),
    scheduled_for: readTime(form, 'scheduled_for', timeZone, read),
    scheduled_until: readTime(form, 'scheduled_until', timeZone, read),
    components: form.all('components'),
    message: form.get('message'),
    remind_before_minutes: readReminders(form, read),
  };
  for (const name of SETTING_NAMES) fields[name] = form.has(name);
  read.fields = fields;
  return read;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set([...a, ...b]).size === a.length;

/**
 * The body of PATCH /admin/v1/maintenances/{id} from a window's change form: only what differs
 * from the window as it stands, so an untouched field is never a change (a start time shown to
 * the minute is not a reschedule of one set to the second), and the audit diff shows what moved.
 */
export function readChangeForm(form: Form, current: MaintenanceWithDetails, timeZone: string): ReadFields {
  const read: ReadFields = { fields: {}, errors: [] };
  const fields: Record<string, unknown> = {};
  if (form.has('name') && form.get('name') !== current.name) fields.name = form.get('name');
  for (const name of ['scheduled_for', 'scheduled_until'] as const) {
    if (!form.has(name) || form.get(name).trim() === toLocalInputValue(current[name], timeZone)) continue;
    const instant = readTime(form, name, timeZone, read);
    if (instant !== undefined) fields[name] = instant;
    else if (form.get(name).trim() === '') read.errors.push({ pointer: `/${name}`, detail: 'Required.' });
  }
  if (current.status === 'scheduled' && !sameSet(form.all('components'), current.component_ids)) {
    fields.components = form.all('components');
  }
  // Unticked checkboxes send nothing: the hidden `settings` field says the form showed them.
  if (form.has('settings')) {
    for (const name of SETTING_NAMES) if (form.has(name) !== current[name]) fields[name] = form.has(name);
    const reminders = readReminders(form, read);
    if (reminders && !sameSet(reminders.map(String), current.remind_before_minutes.map(String))) {
      fields.remind_before_minutes = reminders;
    }
  }
  const message = orUndefined(form.get('message'));
  if (message !== undefined) {
    if (fields.scheduled_for === undefined && fields.scheduled_until === undefined) {
      read.errors.push({
        pointer: '/message',
        detail: 'This message goes with a new window; to say something else, post an update below.',
      });
    } else fields.message = message;
  }
  read.fields = fields;
  return read;
}

/**
 * Validates with the API's schema and adds the errors found while reading; a 400 naming every
 * field when anything is wrong (the reader's message wins over the schema's for the same field).
 */
export function validateForm<S extends z.ZodType>(schema: S, read: ReadFields): z.output<S> {
  const own = new Set(read.errors.map((error) => error.pointer));
  let schemaErrors: FieldError[] = [];
  try {
    const body = validateInput(schema, read.fields, 'form');
    if (read.errors.length === 0) return body;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    schemaErrors = error.errors ?? [];
  }
  throw new ApiError('validation_failed', 'The form has invalid fields; nothing was changed.', {
    errors: [...read.errors, ...schemaErrors.filter((error) => !own.has(error.pointer))],
  });
}

/** Errors inside a list (`/components/2`, `/remind_before_minutes/0`) shown by the list's field. */
export function foldListErrors(errors: FormErrors): FormErrors {
  const fields = new Map<string, string>();
  for (const [pointer, detail] of errors.fields) {
    const key = pointer.replace(/^\/(components|remind_before_minutes)\/\d+$/, '/$1');
    fields.set(key, fields.has(key) ? `${fields.get(key)} ${detail}` : detail);
  }
  return { summary: errors.summary, fields };
}
