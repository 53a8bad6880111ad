import type { Client, InStatement, Row } from '@libsql/client';
import type { IncidentImpact } from '../types.ts';

// Webhooks and their delivery attempts. Only getWebhookSecret() ever returns a signing secret:
// the delivery handler needs it to sign, nothing else may show it.

export const WEBHOOK_FORMATS = ['statuspage', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface Webhook {
  id: string;
  url: string;
  format: WebhookFormat;
  /** Component and group ids; empty = the whole page. */
  components: string[];
  min_impact: IncidentImpact;
  enabled: boolean;
  consecutive_failures: number;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDelivery {
  id: string;
  message_id: string;
  event: string;
  attempt: number;
  outcome: 'succeeded' | 'failed';
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  next_attempt_at: string | null;
  created_at: string;
}

const COLUMNS = `id, url, format, components, min_impact, enabled, consecutive_failures, disabled_at,
  disabled_reason, created_at, updated_at`;

const text = (value: unknown): string | null => (value == null ? null : String(value));

function toWebhook(row: Row): Webhook {
  return {
    id: String(row.id),
    url: String(row.url),
    format: String(row.format) as WebhookFormat,
    components: JSON.parse(String(row.components)) as string[],
    min_impact: String(row.min_impact) as IncidentImpact,
    enabled: Number(row.enabled) === 1,
    consecutive_failures: Number(row.consecutive_failures),
    disabled_at: text(row.disabled_at),
    disabled_reason: text(row.disabled_reason),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

function toDelivery(row: Row): WebhookDelivery {
  return {
    id: String(row.id),
    message_id: String(row.message_id),
    event: String(row.event),
    attempt: Number(row.attempt),
    outcome: String(row.outcome) as WebhookDelivery['outcome'],
    status_code: row.status_code == null ? null : Number(row.status_code),
    error: text(row.error),
    duration_ms: Number(row.duration_ms),
    next_attempt_at: text(row.next_attempt_at),
    created_at: String(row.created_at),
  };
}

export function insertWebhook(webhook: {
  id: string;
  url: string;
  format: WebhookFormat;
  components: readonly string[];
  minImpact: IncidentImpact;
  secret: string;
  now: string;
}): InStatement {
  return {
    sql: `INSERT INTO webhooks (id, url, format, components, min_impact, secret, created_at, updated_at)
      VALUES (:id, :url, :format, :components, :min_impact, :secret, :now, :now)`,
    args: {
      id: webhook.id,
      url: webhook.url,
      format: webhook.format,
      components: JSON.stringify(webhook.components),
      min_impact: webhook.minImpact,
      secret: webhook.secret,
      now: webhook.now,
    },
  };
}

export interface WebhookChanges {
  url?: string | undefined;
  format?: WebhookFormat | undefined;
  components?: readonly string[] | undefined;
  minImpact?: IncidentImpact | undefined;
  /** true re-enables (and forgets past failures), false disables by hand. */
  enabled?: boolean | undefined;
}

/** Changes the given fields; an unchanged field keeps its value. */
export function updateWebhookStatement(id: string, changes: WebhookChanges, now: string): InStatement {
  return {
    sql: `UPDATE webhooks SET url = coalesce(:url, url), format = coalesce(:format, format),
        components = coalesce(:components, components), min_impact = coalesce(:min_impact, min_impact),
        enabled = coalesce(:enabled, enabled),
        consecutive_failures = CASE WHEN :enabled = 1 THEN 0 ELSE consecutive_failures END,
        disabled_at = CASE WHEN :enabled = 1 THEN NULL WHEN :enabled = 0 AND enabled = 1 THEN :now ELSE disabled_at END,
        disabled_reason = CASE WHEN :enabled = 1 THEN NULL WHEN :enabled = 0 AND enabled = 1
          THEN 'Disabled by an admin.' ELSE disabled_reason END,
        updated_at = :now
      WHERE id = :id`,
    args: {
      id,
      now,
      url: changes.url ?? null,
      format: changes.format ?? null,
      components: changes.components ? JSON.stringify(changes.components) : null,
      min_impact: changes.minImpact ?? null,
      enabled: changes.enabled === undefined ? null : changes.enabled ? 1 : 0,
    },
  };
}

/** A webhook's deliveries go with it (explicitly: foreign keys may be off on some connection). */
export function deleteWebhookStatements(id: string): InStatement[] {
  return [
    { sql: 'DELETE FROM webhook_deliveries WHERE webhook_id = :id', args: { id } },
    { sql: 'DELETE FROM webhooks WHERE id = :id', args: { id } },
  ];
}

/** All webhooks, oldest first, without secrets. */
export async function listWebhooks(db: Client, options: { enabledOnly?: boolean } = {}): Promise<Webhook[]> {
  const where = options.enabledOnly ? 'WHERE enabled = 1' : '';
  const result = await db.execute(`SELECT ${COLUMNS} FROM webhooks ${where} ORDER BY created_at, id`);
  return result.rows.map(toWebhook);
}

/** One webhook without its secret, or null for an unknown id. */
export async function getWebhook(db: Client, id: string): Promise<Webhook | null> {
  const result = await db.execute({ sql: `SELECT ${COLUMNS} FROM webhooks WHERE id = :id`, args: { id } });
  const row = result.rows[0];
  return row ? toWebhook(row) : null;
}

/** The signing secret, or null for an unknown id. For signing deliveries only. */
export async function getWebhookSecret(db: Client, id: string): Promise<string | null> {
  const result = await db.execute({ sql: 'SELECT secret FROM webhooks WHERE id = :id', args: { id } });
  const row = result.rows[0];
  return row ? String(row.secret) : null;
}

/** The most recent attempts first. */
export async function listWebhookDeliveries(
  db: Client,
  webhookId: string,
  limit: number,
): Promise<WebhookDelivery[]> {
  const result = await db.execute({
    sql: `SELECT * FROM webhook_deliveries WHERE webhook_id = :webhook_id
      ORDER BY created_at DESC, attempt DESC LIMIT :limit`,
    args: { webhook_id: webhookId, limit },
  });
  return result.rows.map(toDelivery);
}
