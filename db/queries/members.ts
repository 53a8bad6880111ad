import type { Client, InStatement, Row } from '@libsql/client';
import type { Member } from '../types.ts';

// Members: the people who sign in to the console.

function toMember(row: Row): Member {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** One mailbox, one member: addresses are compared trimmed and lower-cased. */
export function normaliseMemberEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function listMembers(db: Client): Promise<Member[]> {
  const result = await db.execute('SELECT * FROM members ORDER BY name, email');
  return result.rows.map(toMember);
}

/** The member, or null when none has this id. */
export async function getMember(db: Client, id: string): Promise<Member | null> {
  const result = await db.execute({ sql: 'SELECT * FROM members WHERE id = :id', args: { id } });
  const row = result.rows[0];
  return row ? toMember(row) : null;
}

/** The member with this address (normalised here), or null. */
export async function getMemberByEmail(db: Client, email: string): Promise<Member | null> {
  const result = await db.execute({
    sql: 'SELECT * FROM members WHERE email = :email',
    args: { email: normaliseMemberEmail(email) },
  });
  const row = result.rows[0];
  return row ? toMember(row) : null;
}

export async function countMembers(db: Client): Promise<number> {
  const result = await db.execute('SELECT count(*) AS n FROM members');
  return Number(result.rows[0]?.n ?? 0);
}

export function insertMemberStatement(member: {
  id: string;
  email: string;
  name: string;
  now: string;
}): InStatement {
  return {
    sql: `INSERT INTO members (id, email, name, created_at, updated_at) VALUES (:id, :email, :name, :now, :now)`,
    args: { id: member.id, email: normaliseMemberEmail(member.email), name: member.name, now: member.now },
  };
}

/** Deletes the member; their sessions and sign-in links go with them (ON DELETE CASCADE). */
export function deleteMemberStatement(id: string): InStatement {
  return { sql: 'DELETE FROM members WHERE id = :id', args: { id } };
}

/** Display names of members by id, for naming actors (e.g. in the audit log). */
export async function memberNames(db: Client): Promise<Map<string, string>> {
  const result = await db.execute('SELECT id, name FROM members');
  return new Map(result.rows.map((row) => [String(row.id), String(row.name)]));
}
