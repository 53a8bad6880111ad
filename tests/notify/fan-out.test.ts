import type { InStatement } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import type { Mailer } from '../../api/mail/mailer.ts';
import { postIncidentUpdate } from '../../api/services/incident-updates.ts';
import { subscriberLinks } from '../../api/subscribers/links.ts';
import { makeComponent, makeGroup, makeIncident, testContext } from '../support/factories.ts';
import { crashAfterBatches, createMailWorld, LINK_ORIGIN, type MailWorld } from '../support/mail.ts';

const ctx = (world: MailWorld) => testContext({ now: world.clock.now.toISOString() });

function recipients(world: MailWorld): string[] {
  return world.resend.delivered.map((email) => email.to[0] ?? '').sort();
}

describe('incident.notify trigger', () => {
  it('writes one incident.notify entry per notifying change, with the IncidentEvent as payload', async () => {
    const world = await createMailWorld();
    const incident = await makeIncident(world.db, {}, ctx(world));
    const update = await postIncidentUpdate(
      world.db,
      { incident_id: incident.id, status: 'resolved', message: 'Fixed.' },
      ctx(world),
    );
    await postIncidentUpdate(
      world.db,
      { incident_id: incident.id, status: 'resolved', message: 'Quiet.', deliver_notifications: false },
      ctx(world),
    );
    const entries = await world.entries('incident.notify');
    const payloads = entries.map((entry) => entry.payload as { kind: string });
    expect(payloads.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'incident.created', incident_id: incident.id, update_id: incident.incident_updates[0]?.id },
      { kind: 'incident.resolved', incident_id: incident.id, update_id: update.update.id },
    ]);
    expect(entries.map((entry) => entry.dedupe_key)).toContain(`incident.notify:${update.update.id}`);
  });
});

describe('incident fan-out', () => {
  it('reaches whole-page, component and group subscribers whose threshold the impact meets', async () => {
    const world = await createMailWorld();
    const group = await makeGroup(world.db);
    const grouped = await makeComponent(world.db, { group_id: group.id });
    const other = await makeComponent(world.db);
    await world.addSubscriber({ email: 'page@example.com' });
    await world.addSubscriber({ email: 'component@example.com', targets: [grouped.id] });
    await world.addSubscriber({ email: 'group@example.com', targets: [group.id] });
    await world.addSubscriber({ email: 'other@example.com', targets: [other.id] });
    await world.addSubscriber({ email: 'critical-only@example.com', minImpact: 'critical' });
    await world.addSubscriber({ email: 'pending@example.com', state: 'pending' });

    await makeIncident(
      world.db,
      { impact: 'major', components: { [grouped.id]: 'partial_outage' } },
      ctx(world),
    );
    await world.drain();

    expect(recipients(world)).toEqual(['component@example.com', 'group@example.com', 'page@example.com']);
    expect(world.resend.violations).toEqual([]);
  });

  it('sends an incident without components to whole-page subscribers only', async () => {
    const world = await createMailWorld();
    const component = await makeComponent(world.db);
    await world.addSubscriber({ email: 'page@example.com' });
    await world.addSubscriber({ email: 'component@example.com', targets: [component.id] });
    await makeIncident(world.db, {}, ctx(world));
    await world.drain();
    expect(recipients(world)).toEqual(['page@example.com']);
  });

  it('sends each subscriber an email with its own one-click unsubscribe headers and links', async () => {
    const world = await createMailWorld();
    await world.addSubscriber({ email: 'page@example.com' });
    await makeIncident(world.db, { name: 'API <down>' }, ctx(world));
    await world.drain();
    const [email] = world.resend.delivered;
    expect(email?.subject).toBe('[Acme <Status>] Investigating: API <down>');
    expect(email?.headers['List-Unsubscribe']).toMatch(
      new RegExp(`^<${LINK_ORIGIN}/unsubscribe\\?token=.+>$`),
    );
    expect(email?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(email?.html).toContain(`${LINK_ORIGIN}/subscribe/manage?token=`);
    expect(email?.html).toContain('API &lt;down&gt;');
  });

  it('reads and imports the link signing key once per batch, not once per email', async () => {
    const world = await createMailWorld();
    for (let index = 0; index < 30; index += 1) await world.addSubscriber();
    await makeIncident(world.db, {}, ctx(world));
    // The key exists already (made on first use), as it does from the first confirmation on.
    await subscriberLinks(world.db, 'sub_first', LINK_ORIGIN);
    let keyReads = 0;
    const counting = new Proxy(world.db, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (property !== 'execute') return typeof value === 'function' ? value.bind(target) : value;
        return (statement: InStatement) => {
          const sql = typeof statement === 'string' ? statement : statement.sql;
          if (sql.includes('signing_keys')) keyReads += 1;
          return target.execute(statement);
        };
      },
    });
    await world.drain(world.handlers(counting));
    expect(world.resend.requests).toBe(1);
    expect(world.resend.delivered).toHaveLength(30);
    expect(keyReads).toBe(1);
    // Each email still carries its own subscriber's links.
    expect(new Set(world.resend.delivered.map((email) => email.headers['List-Unsubscribe'])).size).toBe(30);
  });

  it('sends 250 subscribers in batches of at most 100, each email once', async () => {
    const world = await createMailWorld();
    for (let index = 0; index < 250; index += 1) await world.addSubscriber();
    await makeIncident(world.db, {}, ctx(world));
    await world.drain();
    expect(world.resend.requests).toBe(3);
    expect(world.resend.violations).toEqual([]);
    expect(new Set(recipients(world)).size).toBe(250);
    expect(recipients(world)).toHaveLength(250);
    const states = await world.db.execute('SELECT state, count(*) AS n FROM email_deliveries GROUP BY state');
    expect(states.rows.map((row) => [row.state, Number(row.n)])).toEqual([['sent', 250]]);
  });

  it('delivers every email exactly once when the fan-out is killed midway and run again', async () => {
    const world = await createMailWorld();
    for (let index = 0; index < 250; index += 1) await world.addSubscriber();
    await makeIncident(world.db, {}, ctx(world));
    // The first run dies after writing one chunk; subscribers arrive before the second run.
    const first = await world.drain(world.handlers(crashAfterBatches(world.db, 1)));
    expect(first.failed).toBeGreaterThan(0);
    for (let index = 0; index < 30; index += 1) await world.addSubscriber();
    world.clock.advance(60 * 60_000);
    await world.drain();
    expect(recipients(world)).toHaveLength(280);
    expect(new Set(recipients(world)).size).toBe(280);
    expect(world.resend.violations).toEqual([]);
  });

  it('sends nothing twice when a batch was sent but the process died before recording it', async () => {
    const world = await createMailWorld();
    for (let index = 0; index < 3; index += 1) await world.addSubscriber();
    await makeIncident(world.db, {}, ctx(world));
    const dying: Mailer = {
      async sendBatch(emails, key) {
        await world.mailer.sendBatch(emails, key);
        throw new Error('killed after sending');
      },
    };
    await world.drain(world.handlers(world.db, dying));
    world.clock.advance(60 * 60_000);
    await world.drain();
    expect(world.resend.requests).toBe(2);
    expect(recipients(world)).toHaveLength(3);
  });

  it('waits as long as a 429 Retry-After says before sending the batch again', async () => {
    const world = await createMailWorld();
    await world.addSubscriber();
    await makeIncident(world.db, {}, ctx(world));
    world.resend.failNext({ status: 429, retryAfter: '120' });
    await world.drain();
    const [batch] = await world.entries('email.batch');
    expect(batch?.state).toBe('pending');
    expect(batch?.available_at).toBe('2026-11-30T12:02:00.000Z');
    world.clock.advance(119_000);
    await world.drain();
    expect(world.resend.delivered).toHaveLength(0);
    world.clock.advance(1_000);
    await world.drain();
    expect(world.resend.delivered).toHaveLength(1);
  });

  it('skips a subscriber who unsubscribed between the fan-out and the send', async () => {
    const world = await createMailWorld();
    const leaving = await world.addSubscriber({ email: 'leaving@example.com' });
    await world.addSubscriber({ email: 'staying@example.com' });
    await makeIncident(world.db, {}, ctx(world));
    await world.drain({ ...world.handlers(), 'email.batch': async () => Promise.reject(new Error('later')) });
    await world.db.execute({
      sql: "UPDATE subscribers SET state = 'unsubscribed' WHERE id = ?",
      args: [leaving],
    });
    world.clock.advance(60 * 60_000);
    await world.drain();
    expect(recipients(world)).toEqual(['staying@example.com']);
  });
});
