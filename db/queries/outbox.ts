import type { Client, InStatement, Row } from '@libsql/client';
import { newId } from '../ids.ts';

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxEntry {
  id: string;
  kind: string;
  dedupe_key: string;
  payload: unknown;
  state: OutboxState;
  attempts: number;
  available_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

function toOutboxEntry(row: Row): OutboxEntry {
  return {
    id: String(row.id),
    kind: String(row.kind),
    dedupe_key: String(row.dedupe_key),
    payload: JSON.parse(String(row.payload)),
    state: String(row.state) as OutboxState,
    attempts: Number(row.attempts),
    available_at: String(row.available_at),
    last_error: row.last_error == null ? null : String(row.last_error),
    created_at: String(row.created_at),
    sent_at: row.sent_at == null ? null : String(row.sent_at),
  };
}

export interface NewOutboxEntry {
  kind: string;
  /** Defaults to a key of its own, i.e. no deduplication. */
  dedupeKey?: string;
  payload?: unknown;
  availableAt: string;
  now: string;
}

/** Adds an entry unless one with the same dedupe key exists; true when it was added. */
export async function enqueueOutboxEntry(db: Client, entry: NewOutboxEntry): Promise<boolean> {
  const result = await db.execute({
    sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at)
      VALUES (:id, :kind, :dedupeKey, :payload, 'pending', :availableAt, :now)
      ON CONFLICT (dedupe_key) DO NOTHING`,
    args: newEntryArgs(entry),
  });
  return result.rowsAffected === 1;
}

/**
 * The statement adding an entry unless its dedupe key exists, for a db.batch that writes the
 * entry together with the change that causes it.
 */
export function enqueueOutboxEntryStatement(entry: NewOutboxEntry): InStatement {
  return {
    sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at)
      VALUES (:id, :kind, :dedupeKey, :payload, 'pending', :availableAt, :now)
      ON CONFLICT (dedupe_key) DO NOTHING`,
    args: newEntryArgs(entry),
  };
}

/**
 * Adds an entry of `kind` unless one is already pending: every request made while one waits is
 * served by it. One statement, so two concurrent callers cannot both add one.
 */
export async function enqueueUnlessPending(
  db: Client,
  entry: Omit<NewOutboxEntry, 'dedupeKey'>,
): Promise<boolean> {
  const result = await db.execute({
    sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at)
      SELECT :id, :kind, :dedupeKey, :payload, 'pending', :availableAt, :now
      WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE kind = :kind AND state = 'pending')`,
    args: newEntryArgs(entry),
  });
  return result.rowsAffected === 1;
}

/**
 * The insert of enqueueOutboxEntry as a statement, for a caller's write batch: the change and the
 * side effect it causes commit together or not at all.
 */
export function enqueueOutboxStatement(entry: NewOutboxEntry): InStatement {
  return {
    sql: `INSERT INTO outbox (id, kind, dedupe_key, payload, state, available_at, created_at)
      VALUES (:id, :kind, :dedupeKey, :payload, 'pending', :availableAt, :now)
      ON CONFLICT (dedupe_key) DO NOTHING`,
    args: newEntryArgs(entry),
  };
}

/** The row of a new entry; without a dedupe key of its own, an entry's key is unique to it. */
function newEntryArgs(entry: NewOutboxEntry) {
  const id = newId('obx');
  return {
    id,
    kind: entry.kind,
    dedupeKey: entry.dedupeKey ?? `${entry.kind}:${id}`,
    payload: JSON.stringify(entry.payload ?? {}),
    availableAt: entry.availableAt,
    now: entry.now,
  };
}

/**
 * Ids of entries a drainer may claim: pending and due, or claimed by a drainer whose lease has
 * lapsed (it died or hung mid-send). Oldest first.
 */
export async function listClaimableOutboxIds(
  db: Client,
  kinds: readonly string[],
  now: string,
  limit: number,
): Promise<string[]> {
  if (kinds.length === 0) return [];
  const kindArgs = Object.fromEntries(kinds.map((kind, index) => [`k${index}`, kind]));
  const result = await db.execute({
    sql: `SELECT id FROM outbox
      WHERE kind IN (${kinds.map((_, index) => `:k${index}`).join(', ')})
        AND ((state = 'pending' AND available_at <= :now) OR (state = 'sending' AND lease_expires_at <= :now))
      ORDER BY available_at, id LIMIT :limit`,
    args: { ...kindArgs, now, limit },
  });
  return result.rows.map((row) => String(row.id));
}

/**
 * The earliest time an entry of these kinds becomes claimable (a pending entry's available_at, a
 * claim's lease end), as ISO-8601; null when none is pending or being sent.
 */
export async function nextOutboxDueAt(db: Client, kinds: readonly string[]): Promise<string | null> {
  if (kinds.length === 0) return null;
  const kindArgs = Object.fromEntries(kinds.map((kind, index) => [`k${index}`, kind]));
  const result = await db.execute({
    sql: `SELECT min(CASE state WHEN 'pending' THEN available_at ELSE lease_expires_at END) AS due
      FROM outbox
      WHERE kind IN (${kinds.map((_, index) => `:k${index}`).join(', ')}) AND state IN ('pending', 'sending')`,
    args: kindArgs,
  });
  const due = result.rows[0]?.due;
  return due == null ? null : String(due);
}

/**
 * Claims one entry for sending: a compare-and-set, so of two drainers racing for the same entry
 * exactly one gets it. Returns the entry (attempts already counted) or null when another won.
 */
export async function claimOutboxEntry(
  db: Client,
  claim: { id: string; token: string; now: string; leaseExpiresAt: string },
): Promise<OutboxEntry | null> {
  const result = await db.execute({
    sql: `UPDATE outbox SET state = 'sending', claim_token = :token, lease_expires_at = :leaseExpiresAt,
        attempts = attempts + 1
      WHERE id = :id
        AND ((state = 'pending' AND available_at <= :now) OR (state = 'sending' AND lease_expires_at <= :now))
      RETURNING *`,
    args: claim,
  });
  const row = result.rows[0];
  return row ? toOutboxEntry(row) : null;
}

/** Marks a claimed entry sent. False when the claim had lapsed and another drainer took it over. */
export async function markOutboxEntrySent(
  db: Client,
  entry: { id: string; token: string; now: string },
): Promise<boolean> {
  const result = await db.execute({
    sql: `UPDATE outbox SET state = 'sent', sent_at = :now, claim_token = NULL, lease_expires_at = NULL,
        last_error = NULL
      WHERE id = :id AND claim_token = :token`,
    args: entry,
  });
  return result.rowsAffected === 1;
}

/**
 * Releases a claimed entry after a failed send: back to pending at `retryAt`, or dead for good.
 * `uncountAttempt` takes back the attempt its claim counted (nothing was tried: a rate limit).
 */
export async function markOutboxEntryFailed(
  db: Client,
  entry: { id: string; token: string; error: string; retryAt: string | null; uncountAttempt?: boolean },
): Promise<void> {
  await db.execute({
    sql: `UPDATE outbox SET state = :state, available_at = coalesce(:retryAt, available_at), last_error = :error,
        claim_token = NULL, lease_expires_at = NULL, attempts = attempts - :uncount
      WHERE id = :id AND claim_token = :token`,
    args: {
      id: entry.id,
      token: entry.token,
      error: entry.error,
      retryAt: entry.retryAt,
      state: entry.retryAt === null ? 'dead' : 'pending',
      uncount: entry.uncountAttempt ? 1 : 0,
    },
  });
}

/** Entries newest first, optionally of one state. */
export async function listOutboxEntries(
  db: Client,
  options: { state?: OutboxState | undefined; limit: number },
): Promise<OutboxEntry[]> {
  const result = await db.execute({
    sql: `SELECT * FROM outbox WHERE (:state IS NULL OR state = :state)
      ORDER BY created_at DESC, id DESC LIMIT :limit`,
    args: { state: options.state ?? null, limit: options.limit },
  });
  return result.rows.map(toOutboxEntry);
}

/** Deletes entries sent before `before`: their effect is done, and the table would only grow. */
export async function deleteSentOutboxEntries(db: Client, before: string): Promise<number> {
  const result = await db.execute({
    sql: `DELETE FROM outbox WHERE state = 'sent' AND sent_at < :before`,
    args: { before },
  });
  return result.rowsAffected;
}

/** Replaces an entry's payload, e.g. to drop a secret it no longer needs once sent. */
export async function replaceOutboxPayload(db: Client, id: string, payload: unknown): Promise<void> {
  await db.execute({
    sql: 'UPDATE outbox SET payload = :payload WHERE id = :id',
    args: { id, payload: JSON.stringify(payload) },
  });
}
