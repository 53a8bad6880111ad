import { describe, expect, test } from 'vitest';
import {
  countActiveAdminTokens,
  hashAdminToken,
  issueAdminToken,
  revokeAdminToken,
} from '../../api/services/admin-tokens.ts';
import { findActiveAdminTokenByHash } from '../../db/queries/admin-tokens.ts';
import { listAuditEntries } from '../../db/queries/audit-log.ts';
import { createTestDatabase } from '../support/database.ts';
import { testContext } from '../support/factories.ts';

describe('admin token service', () => {
  test('issues distinct cnd_ tokens found by their hash, counted while active', async () => {
    const { db } = await createTestDatabase();
    expect(await countActiveAdminTokens(db, '2025-03-01T00:00:00.000Z')).toBe(0);
    const ctx = testContext({ actor: 'system', now: '2025-03-01T00:00:00.000Z' });
    const first = await issueAdminToken(db, { name: 'first start' }, ctx);
    const second = await issueAdminToken(db, { name: 'ci' }, ctx);
    expect(first.token).not.toBe(second.token);
    expect(first.token).toMatch(/^cnd_[A-Za-z0-9_-]{43}$/);
    expect(first.record).toEqual({
      id: expect.stringMatching(/^tok_/),
      name: 'first start',
      scope: 'admin',
      expires_at: null,
      created_by: 'system',
      created_at: '2025-03-01T00:00:00.000Z',
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    });
    expect(await findActiveAdminTokenByHash(db, await hashAdminToken(first.token), ctx.now)).toMatchObject({
      id: first.record.id,
    });
    expect(await countActiveAdminTokens(db, ctx.now)).toBe(2);
    await revokeAdminToken(db, { id: first.record.id }, ctx);
    expect(await countActiveAdminTokens(db, ctx.now)).toBe(1);
    expect(await findActiveAdminTokenByHash(db, await hashAdminToken(first.token), ctx.now)).toBeNull();
  });

  test('revoking twice keeps the first revocation and writes one audit entry', async () => {
    const { db } = await createTestDatabase();
    const { record } = await issueAdminToken(db, { name: 'old' }, testContext());
    const revoked = await revokeAdminToken(
      db,
      { id: record.id },
      testContext({ now: '2025-03-02T00:00:00.000Z' }),
    );
    const again = await revokeAdminToken(
      db,
      { id: record.id },
      testContext({ now: '2025-03-03T00:00:00.000Z' }),
    );
    expect(again.revoked_at).toBe('2025-03-02T00:00:00.000Z');
    expect(again).toEqual(revoked);
    const actions = (await listAuditEntries(db, { limit: 10 })).map((entry) => entry.action);
    expect(actions).toEqual(['admin_token.revoke', 'admin_token.create']);
  });

  test('a token can issue tokens of its own scope or lower, never higher', async () => {
    const { db } = await createTestDatabase();
    const responder = testContext({ scope: 'responder' });
    await expect(issueAdminToken(db, { name: 'escalate', scope: 'admin' }, responder)).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ pointer: '/scope' }],
    });
    const same = await issueAdminToken(db, { name: 'peer' }, responder);
    expect(same.record.scope).toBe('responder');
    const lower = await issueAdminToken(
      db,
      { name: 'pager', scope: 'responder' },
      testContext({ scope: 'admin' }),
    );
    expect(lower.record.scope).toBe('responder');
  });
});
