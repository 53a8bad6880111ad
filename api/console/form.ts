// Reading the console's forms and showing their errors. Forms are plain HTML posts
// (application/x-www-form-urlencoded, or multipart for the CSV file), so everything works with
// JavaScript off; an error re-renders the form with what was typed and the message by its field.
import type { Context } from 'hono';
import type { FieldError } from '../problem.ts';
import { ApiError } from '../problem.ts';
import { toApiError } from '../routes/admin/define-route.ts';
import { html, type SafeHtml } from '../subscribers/html.ts';
import { readLimitedText } from '../validation.ts';

/** A CSV import may be up to 2 MB (as on the admin API); every other form is far smaller. */
const MAX_FORM_BYTES = 2 * 1024 * 1024 + 64 * 1024;

export class Form {
  readonly #values: Map<string, string[]>;
  constructor(entries: Iterable<[string, string]> = []) {
    this.#values = new Map();
    for (const [key, value] of entries) this.#values.set(key, [...(this.#values.get(key) ?? []), value]);
  }
  /** The first value of a field, '' when absent. */
  get(name: string): string {
    return this.#values.get(name)?.[0] ?? '';
  }
  all(name: string): string[] {
    return this.#values.get(name) ?? [];
  }
  has(name: string): boolean {
    return this.#values.has(name);
  }
  /** Fields whose name starts with `prefix`, keyed by the rest of the name. */
  withPrefix(prefix: string): Map<string, string> {
    const found = new Map<string, string>();
    for (const [key, values] of this.#values) {
      if (key.startsWith(prefix) && values[0] !== undefined) found.set(key.slice(prefix.length), values[0]);
    }
    return found;
  }
}

/** The posted form (urlencoded or multipart; a file field arrives as its text). */
export async function readForm(c: Context): Promise<Form> {
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  const text = await readLimitedText(c.req.raw, MAX_FORM_BYTES);
  if (type.startsWith('multipart/form-data')) {
    const data = await new Response(text, {
      headers: { 'Content-Type': c.req.header('Content-Type') ?? '' },
    }).formData();
    const entries: [string, string][] = [];
    for (const [key, value] of data)
      entries.push([key, typeof value === 'string' ? withLineFeeds(value) : await value.text()]);
    return new Form(entries);
  }
  return new Form([...new URLSearchParams(text)].map(([key, value]) => [key, withLineFeeds(value)]));
}

// Browsers send a textarea's line breaks as CRLF; the API, the CLI and the page store LF, so a
// message typed in the console is stored as the same text.
function withLineFeeds(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}

/** What went wrong with a submitted form: a summary and messages by field pointer. */
export interface FormErrors {
  summary: string;
  fields: Map<string, string>;
}

/**
 * The errors a failed action reports, in the terms of the admin API (the same services and
 * schemas answer both), or null for an unexpected error, which is rethrown by the caller.
 */
export function formErrorsOf(error: unknown): FormErrors | null {
  const mapped = toApiError(error);
  if (!(mapped instanceof ApiError)) return null;
  const fields = new Map<string, string>();
  for (const field of mapped.errors ?? ([] as FieldError[])) {
    fields.set(
      field.pointer,
      fields.has(field.pointer) ? `${fields.get(field.pointer)} ${field.detail}` : field.detail,
    );
  }
  return { summary: mapped.message, fields };
}

/** The message for a field (by JSON pointer, e.g. `/name`), rendered next to it. */
export function fieldError(errors: FormErrors | null | undefined, pointer: string, id: string): SafeHtml {
  const message = errors?.fields.get(pointer);
  return message ? html`<p class="field-error" id="${id}-error">${message}</p>` : html``;
}

/** aria attributes tying an input to its error, when it has one. */
export function invalidAttrs(errors: FormErrors | null | undefined, pointer: string, id: string): SafeHtml {
  return errors?.fields.has(pointer) ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``;
}

/** The summary at the top of a failed form; focusable so a screen reader hears it first. */
export function errorSummary(errors: FormErrors | null | undefined): SafeHtml {
  if (!errors) return html``;
  return html`<div class="alert" role="alert" tabindex="-1" id="form-errors"><p>${errors.summary}</p></div>`;
}

/** Every field error as a list, for a form whose errors name rows rather than inputs (a CSV). */
export function errorList(errors: FormErrors | null | undefined, id: string): SafeHtml {
  if (!errors || errors.fields.size === 0) return html``;
  return html`<ul class="field-error" id="${id}-error">${[...errors.fields].map(
    ([pointer, detail]) => html`<li>${pointer ? `${pointer}: ` : ''}${detail}</li>`,
  )}</ul>`;
}
