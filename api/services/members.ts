import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import {
  auditCascadedRevocationsStatement,
  revokeAdminTokenStatement,
} from '../../db/queries/admin-tokens.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  countMembers,
  deleteMemberStatement,
  getMember,
  getMemberByEmail,
  insertMemberStatement,
} from '../../db/queries/members.ts';
import type { Member } from '../../db/types.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch } from './errors.ts';

export interface CreateMemberInput {
  email: string;
  name: string;
}

const auditTarget = (action: string, id: string, ctx: ServiceContext): AuditTarget => ({
  actor: ctx.actor,
  action,
  resourceType: 'member',
  resourceId: id,
  now: ctx.now,
});

const unknownMember = (id: string) => `No member has the id ${id}.`;

/** Adds a member (who can then sign in to the console by email). A taken address is a conflict. */
export async function createMember(
  db: Client,
  input: CreateMemberInput,
  ctx: ServiceContext,
): Promise<Member> {
  const id = newId('mem');
  await runWriteBatch(
    db,
    withAuditEntry(auditTarget('member.create', id, ctx), [
      insertMemberStatement({ id, email: input.email, name: input.name, now: ctx.now }),
    ]),
    { duplicate: `A member already has the email ${input.email}.` },
  );
  return requireFound(await getMember(db, id), unknownMember(id));
}

/**
 * Removes a member: their sessions end, their unused sign-in links stop working, and the admin
 * tokens they issued from the console (and every token minted from those) are revoked, all at
 * once; otherwise a member could keep access after removal by issuing themselves a token first.
 */
export async function deleteMember(db: Client, input: { id: string }, ctx: ServiceContext): Promise<Member> {
  const current = requireFound(await getMember(db, input.id), unknownMember(input.id));
  const revocation = { actor: ctx.actor, action: 'admin_token.revoke', resourceId: input.id, now: ctx.now };
  await runWriteBatch(db, [
    ...withAuditEntry(auditTarget('member.delete', input.id, ctx), [deleteMemberStatement(input.id)]),
    // The lineage starts at the member's id, which is no token's: only what they issued is revoked.
    revokeAdminTokenStatement(input.id, ctx.actor, ctx.now),
    auditCascadedRevocationsStatement(revocation),
  ]);
  return current;
}

/**
 * The first member, from CANDOR_ADMIN_EMAIL, while there is none: how a new installation gets
 * someone who can sign in. Returns the member created, or null when members exist already.
 */
export async function ensureFirstMember(
  db: Client,
  email: string | undefined,
  now: string,
): Promise<Member | null> {
  if (!email || (await countMembers(db)) > 0) return null;
  if (await getMemberByEmail(db, email)) return null;
  const name = email.split('@')[0] || email;
  try {
    return await createMember(db, { email, name }, { actor: 'system', now });
  } catch (error) {
    // Two processes starting at once: the other one created it.
    if ((await getMemberByEmail(db, email)) !== null) return null;
    throw error;
  }
}
