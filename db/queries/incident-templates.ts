import type { Client, InStatement, Row } from '@libsql/client';
import type { ComponentStatus, IncidentImpact, IncidentStatus } from '../types.ts';
import { assignDefinedColumns } from './assignments.ts';

// Incident templates: what a familiar incident's first message says, written before it happens.

export interface IncidentTemplate {
  id: string;
  name: string;
  /** The incident's name when the template opens one. */
  title: string | null;
  /** Markdown: the update's message. */
  body: string | null;
  status: Exclude<IncidentStatus, 'postmortem'> | null;
  impact: IncidentImpact | null;
  /** Component id → the status the template gives it. */
  components: Record<string, ComponentStatus>;
  created_at: string;
  updated_at: string;
}

export type IncidentTemplateFields = Omit<IncidentTemplate, 'id' | 'created_at' | 'updated_at'>;

const text = (value: unknown): string | null => (value == null ? null : String(value));

function toIncidentTemplate(row: Row): IncidentTemplate {
  return {
    id: String(row.id),
    name: String(row.name),
    title: text(row.title),
    body: text(row.body),
    status: text(row.status) as IncidentTemplate['status'],
    impact: text(row.impact) as IncidentImpact | null,
    components: JSON.parse(String(row.components)) as Record<string, ComponentStatus>,
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** Every template, by name. */
export async function listIncidentTemplates(db: Client): Promise<IncidentTemplate[]> {
  const result = await db.execute('SELECT * FROM incident_templates ORDER BY name, id');
  return result.rows.map(toIncidentTemplate);
}

/** One template, or null when the id is unknown. */
export async function getIncidentTemplate(db: Client, id: string): Promise<IncidentTemplate | null> {
  const result = await db.execute({ sql: 'SELECT * FROM incident_templates WHERE id = :id', args: { id } });
  const row = result.rows[0];
  return row ? toIncidentTemplate(row) : null;
}

export function insertIncidentTemplate(
  template: IncidentTemplateFields & { id: string; now: string },
): InStatement {
  return {
    sql: `INSERT INTO incident_templates (id, name, title, body, status, impact, components, created_at, updated_at)
      VALUES (:id, :name, :title, :body, :status, :impact, :components, :now, :now)`,
    args: {
      id: template.id,
      name: template.name,
      title: template.title,
      body: template.body,
      status: template.status,
      impact: template.impact,
      components: JSON.stringify(template.components),
      now: template.now,
    },
  };
}

/** Sets the fields given (undefined: unchanged; null: cleared) and updated_at. */
export function updateIncidentTemplateFields(
  change: Partial<IncidentTemplateFields> & { id: string; now: string },
): InStatement {
  const fields = {
    ...change,
    components: change.components === undefined ? undefined : JSON.stringify(change.components),
  };
  const { sets, args } = assignDefinedColumns(change, fields, [
    'name',
    'title',
    'body',
    'status',
    'impact',
    'components',
  ]);
  return { sql: `UPDATE incident_templates SET ${sets.join(', ')} WHERE id = :id`, args };
}

export function deleteIncidentTemplateStatement(id: string): InStatement {
  return { sql: 'DELETE FROM incident_templates WHERE id = :id', args: { id } };
}
