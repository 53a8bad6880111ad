// The post-mortem editor's form as data: the report, the action item rows and the incidents it
// covers, read from a post (or from the saved draft), and turned into the admin API's save body.
// Rows are plain repeated fields (item_title, item_status, item_due, one of each per row), so
// adding and removing rows is a form post that re-renders with everything typed: no script needed.
import type { ActionItem } from '../../../db/types.ts';
import { MAX_ACTION_ITEMS } from '../../routes/admin/postmortem-schemas.ts';
import type { Form, FormErrors } from '../form.ts';

export interface ItemRow {
  title: string;
  status: string;
  due_on: string;
}

export interface EditorValues {
  body: string;
  rows: ItemRow[];
  /** Every incident it covers, the editor's own first. */
  incidentIds: string[];
}

/** Blank rows offered below the items, so that a few can be added in one go without a script. */
export const BLANK_ROWS = 2;
/** Rows the "Add another row" button adds. */
const ADDED_ROWS = 1;

const blankRow = (): ItemRow => ({ title: '', status: 'planned', due_on: '' });
const isBlank = (row: ItemRow) => row.title.trim() === '' && row.due_on.trim() === '';

/** The rows, with blank rows after them (never more rows than the API takes, plus the blanks). */
export function withBlankRows(rows: readonly ItemRow[], blanks = BLANK_ROWS): ItemRow[] {
  const filled = rows.filter((row) => !isBlank(row));
  const wanted = Math.max(blanks, rows.length - filled.length);
  const room = Math.max(0, MAX_ACTION_ITEMS + BLANK_ROWS - filled.length);
  return [...filled, ...Array.from({ length: Math.min(wanted, room) }, blankRow)];
}

/** What the saved draft (or the template) holds, with blank rows to add items. */
export function valuesFromDraft(draft: {
  body: string;
  action_items: readonly ActionItem[];
  incident_ids: readonly string[];
}): EditorValues {
  const rows = draft.action_items.map((item) => ({
    title: item.title,
    status: item.status,
    due_on: item.due_on ?? '',
  }));
  return { body: draft.body, rows: withBlankRows(rows), incidentIds: [...draft.incident_ids] };
}

/** What was posted. The editor's own incident is always covered; its row count stays as typed. */
export function valuesFromForm(form: Form, incidentId: string): EditorValues {
  const titles = form.all('item_title');
  const statuses = form.all('item_status');
  const dues = form.all('item_due');
  const rows = titles.map((title, index) => ({
    title,
    status: statuses[index] ?? 'planned',
    due_on: dues[index] ?? '',
  }));
  const others = form.all('incident_ids').filter((id) => id !== incidentId);
  // Browsers send a textarea's line breaks as CRLF (HTML form encoding); the API's bodies use LF,
  // so that a report saved here is the same text as one saved through the API or the CLI.
  const body = form.get('body').replace(/\r\n?/g, '\n');
  return { body, rows, incidentIds: [incidentId, ...new Set(others)] };
}

/** The rows after an "add another row" (intent add_row) or a "remove" button, else as they are. */
export function rearrangedRows(form: Form, rows: readonly ItemRow[]): ItemRow[] | null {
  const remove = form.get('remove');
  if (remove !== '') {
    const index = Number(remove);
    return rows.filter((_row, at) => at !== index);
  }
  if (form.get('intent') === 'add_row') {
    const room = MAX_ACTION_ITEMS + BLANK_ROWS - rows.length;
    return [...rows, ...Array.from({ length: Math.max(0, Math.min(ADDED_ROWS, room)) }, blankRow)];
  }
  return null;
}

export interface SaveFields {
  fields: { body: string; action_items: unknown[]; incident_ids: string[] };
  /** For each action item sent, the row it came from (to show an error by its row). */
  rowOfItem: number[];
}

/** The admin API's save body: blank rows left out, an empty due date sent as null. */
export function saveFieldsOf(values: EditorValues): SaveFields {
  const rowOfItem: number[] = [];
  const items: unknown[] = [];
  values.rows.forEach((row, index) => {
    if (isBlank(row)) return;
    rowOfItem.push(index);
    items.push({
      title: row.title,
      status: row.status,
      due_on: row.due_on.trim() === '' ? null : row.due_on.trim(),
    });
  });
  return {
    fields: { body: values.body, action_items: items, incident_ids: values.incidentIds },
    rowOfItem,
  };
}

/** The API's errors at /action_items/N/… re-pointed at the row they came from (/rows/R/…). */
export function errorsByRow(errors: FormErrors, rowOfItem: readonly number[]): FormErrors {
  const fields = new Map<string, string>();
  for (const [pointer, detail] of errors.fields) {
    const match = /^\/action_items\/(\d+)(\/.*)?$/.exec(pointer);
    const row = match ? rowOfItem[Number(match[1])] : undefined;
    // The picker is one field: an error about any covered incident is shown by it.
    const key = pointer.startsWith('/incident_ids') ? '/incident_ids' : pointer;
    const at = row === undefined ? key : `/rows/${row}${match?.[2] ?? ''}`;
    fields.set(at, fields.has(at) ? `${fields.get(at)} ${detail}` : detail);
  }
  return { summary: errors.summary, fields };
}

/** Whether the posted values are what is saved already (then "publish" need not save again). */
export function sameAsSaved(
  values: SaveFields['fields'],
  saved: { body: string; action_items: readonly ActionItem[]; incident_ids: readonly string[] },
): boolean {
  const sorted = (ids: readonly string[]) => [...ids].sort().join(' ');
  return (
    values.body === saved.body &&
    JSON.stringify(values.action_items) === JSON.stringify(saved.action_items) &&
    sorted(values.incident_ids) === sorted(saved.incident_ids)
  );
}
