import { describe, expect, it } from 'vitest';
import { enqueueOutboxEntry } from '../../db/queries/outbox.ts';
import { createMailWorld, LINK_ORIGIN, type MailWorld } from '../support/mail.ts';

async function requestConfirmation(world: MailWorld, subscriberId: string, token: string) {
  const now = world.clock.now.toISOString();
  await enqueueOutboxEntry(world.db, {
    kind: 'subscriber.confirmation',
    payload: { subscriber_id: subscriberId, token },
    availableAt: now,
    now,
  });
}

describe('subscriber.confirmation handler', () => {
  it('sends the confirm link once, with one-click headers, and drops the raw token from the outbox', async () => {
    const world = await createMailWorld();
    const id = await world.addSubscriber({ email: 'new@example.com', state: 'pending' });
    await requestConfirmation(world, id, 'raw-token-123');
    await world.drain();
    expect(world.resend.delivered).toHaveLength(1);
    const [email] = world.resend.delivered;
    expect(email?.to).toEqual(['new@example.com']);
    expect(email?.text).toContain(`${LINK_ORIGIN}/subscribe/confirm?token=raw-token-123`);
    expect(email?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const [entry] = await world.entries('subscriber.confirmation');
    expect(entry?.state).toBe('sent');
    expect(JSON.stringify(entry?.payload)).not.toContain('raw-token-123');
  });

  it('sends nothing to an address that is no longer pending', async () => {
    const world = await createMailWorld();
    const id = await world.addSubscriber({ state: 'active' });
    await requestConfirmation(world, id, 'raw-token-456');
    await world.drain();
    expect(world.resend.delivered).toHaveLength(0);
  });
});
