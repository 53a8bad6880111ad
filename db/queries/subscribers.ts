import type { Client, InStatement, InValue } from '@libsql/client';
import type { IncidentImpact } from '../types.ts';
import { SUBSCRIBER_JSON } from './snapshots.ts';

export const SUBSCRIBER_STATES = ['pending', 'active', 'unsubscribed', 'quarantined'] as const;
export type SubscriberState = (typeof SUBSCRIBER_STATES)[number];

/** A subscriber as the admin API shows it. */
export interface Subscriber {
  id: string;
  email: string;
  state: SubscriberState;
  /** Component (`cmp_…`) and group (`grp_…`) ids followed; null for the whole page. */
  components: string[] | null;
  min_impact: IncidentImpact;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  quarantined_at: string | null;
  created_at: string;
  updated_at: string;
}

/** What the confirmation logic needs besides the public shape. */
export interface SubscriberConfirmation {
  confirm_token_hash: string | null;
  confirm_expires_at: string | null;
  confirmation_sent_at: string | null;
  confirmation_resends: number;
}

const SELECT = `SELECT ${SUBSCRIBER_JSON} AS doc, r.confirm_token_hash, r.confirm_expires_at,
  r.confirmation_sent_at, r.confirmation_resends FROM subscribers AS r`;

type Row = Record<string, unknown>;
const toSubscriber = (row: Row): Subscriber => JSON.parse(String(row.doc)) as Subscriber;
const toConfirmation = (row: Row): SubscriberConfirmation => ({
  confirm_token_hash: row.confirm_token_hash == null ? null : String(row.confirm_token_hash),
  confirm_expires_at: row.confirm_expires_at == null ? null : String(row.confirm_expires_at),
  confirmation_sent_at: row.confirmation_sent_at == null ? null : String(row.confirmation_sent_at),
  confirmation_resends: Number(row.confirmation_resends),
});

/** One mailbox is one subscriber: addresses are stored trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The subscriber with this id, or null. */
export async function getSubscriber(db: Client, id: string): Promise<Subscriber | null> {
  const result = await db.execute({ sql: `${SELECT} WHERE r.id = :id`, args: { id } });
  const row = result.rows[0];
  return row ? toSubscriber(row) : null;
}

/** The subscriber with this address (normalised here), with its confirmation state, or null. */
export async function getSubscriberByEmail(
  db: Client,
  email: string,
): Promise<(Subscriber & SubscriberConfirmation) | null> {
  const result = await db.execute({
    sql: `${SELECT} WHERE r.email = :email`,
    args: { email: normaliseEmail(email) },
  });
  const row = result.rows[0];
  return row ? { ...toSubscriber(row), ...toConfirmation(row) } : null;
}

/** The pending subscriber holding this confirmation token hash (expired or not), or null. */
export async function getSubscriberByConfirmHash(
  db: Client,
  tokenHash: string,
): Promise<(Subscriber & SubscriberConfirmation) | null> {
  const result = await db.execute({
    sql: `${SELECT} WHERE r.confirm_token_hash = :tokenHash AND r.state = 'pending'`,
    args: { tokenHash },
  });
  const row = result.rows[0];
  return row ? { ...toSubscriber(row), ...toConfirmation(row) } : null;
}

export interface ListSubscribersOptions {
  email?: string | undefined;
  state?: SubscriberState | undefined;
  /** Only subscribers with an id after this one (keyset pagination). */
  after?: string | undefined;
  limit: number;
}

/** Subscribers in id order, optionally filtered by a part of the address and by state. */
export async function listSubscribers(db: Client, options: ListSubscribersOptions): Promise<Subscriber[]> {
  const where: string[] = [];
  const args: Record<string, InValue> = { limit: options.limit };
  if (options.email !== undefined) {
    // instr, not LIKE: `%` and `_` in the filter are literal characters.
    where.push('instr(r.email, :email) > 0');
    args.email = normaliseEmail(options.email);
  }
  if (options.state !== undefined) {
    where.push('r.state = :state');
    args.state = options.state;
  }
  if (options.after !== undefined) {
    where.push('r.id > :after');
    args.after = options.after;
  }
  const result = await db.execute({
    sql: `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id LIMIT :limit`,
    args,
  });
  return result.rows.map(toSubscriber);
}

/** Ids given as targets that name no component or group: each with its index in `ids`. */
export async function findUnknownTargets(db: Client, ids: readonly string[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const result = await db.execute({
    sql: `SELECT value FROM json_each(:ids)
      WHERE value NOT IN (SELECT id FROM components UNION ALL SELECT id FROM component_groups)`,
    args: { ids: JSON.stringify(ids) },
  });
  const unknown = new Set(result.rows.map((row) => String(row.value)));
  return ids.flatMap((id, index) => (unknown.has(id) ? [index] : []));
}

/** Statements replacing a subscriber's targets; `null` targets = the whole page. */
export function replaceTargetsStatements(
  subscriberId: string,
  targets: readonly string[] | null,
): InStatement[] {
  return [
    { sql: 'DELETE FROM subscriber_targets WHERE subscriber_id = :subscriberId', args: { subscriberId } },
    {
      sql: `UPDATE subscribers SET whole_page = :wholePage WHERE id = :subscriberId`,
      args: { subscriberId, wholePage: targets === null ? 1 : 0 },
    },
    {
      sql: `INSERT INTO subscriber_targets (subscriber_id, component_id, group_id)
        SELECT DISTINCT :subscriberId, CASE WHEN value LIKE 'cmp\\_%' ESCAPE '\\' THEN value END,
          CASE WHEN value LIKE 'grp\\_%' ESCAPE '\\' THEN value END
        FROM json_each(:targets)`,
      args: { subscriberId, targets: JSON.stringify(targets ?? []) },
    },
  ];
}

/** Deletes a subscriber and its targets. */
export function deleteSubscriberStatement(id: string): InStatement {
  return { sql: 'DELETE FROM subscribers WHERE id = :id', args: { id } };
}
