// Reminder scenarios on a moved clock, through the real scheduler: what the lead, the escalation
// contact and the chat webhook hear, in which order, and that each hears it once.
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { enqueueDueReminders } from '../../api/cadence/reminder-job.ts';
import { waivePostmortem } from '../../api/services/incidents.ts';
import { updatePage } from '../../api/services/page.ts';
import { API_ORIGIN, createCadenceWorld, ESCALATION, LEAD } from '../support/cadence.ts';

const subjects = (world: { mail: Array<{ to: string; subject: string }> }) =>
  world.mail.map((email) => `${email.to}: ${email.subject}`);

describe('update cadence reminders', () => {
  it('a critical incident left silent gets the due-soon reminder, the overdue one and the escalation, in order, once each', async () => {
    const world = await createCadenceWorld();
    const id = await world.openIncident('critical');
    for (const minute of [0, 10, 24]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(world.mail).toEqual([]);
    for (const minute of [25, 26, 29, 30, 31, 44, 45, 46, 60, 120, 600]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(subjects(world)).toEqual([
      `${LEAD.email}: [Acme Status] Update due in 5 min: API errors`,
      `${LEAD.email}: [Acme Status] Update overdue: API errors`,
      `${ESCALATION}: [Acme Status] Update overdue by 15 min, lead: Ann Lee <ann@acme.test>: API errors`,
    ]);
    expect(world.chatHeadlines()).toEqual([
      '*[Acme Status] Update due in 5 min: API errors*',
      '*[Acme Status] Update overdue: API errors*',
      '*[Acme Status] Update overdue by 15 min, lead: Ann Lee &lt;ann@acme.test&gt;: API errors*',
    ]);
    const [dueSoon] = world.mail;
    expect(dueSoon?.text).toContain('is due by 14:30 UTC, in 5 min.');
    expect(dueSoon?.text).toContain(`npx candor update ${id} --message "..."`);
    expect(dueSoon?.text).toContain(
      `curl -X POST ${API_ORIGIN}/admin/v1/incidents/${id}/updates -H "Authorization: Bearer $CANDOR_TOKEN"`,
    );
    expect(world.chat.requests[2]?.body).toContain('overdue by 15 min, lead: Ann Lee &lt;ann@acme.test&gt;');
    // Unsigned: a chat service's incoming webhook is not a Standard Webhooks receiver.
    expect(world.chat.requests[0]?.headers['webhook-signature']).toBeUndefined();
  });

  it('an update resets the clock: reminders follow the new due time only', async () => {
    const world = await createCadenceWorld();
    const id = await world.openIncident('critical');
    world.clock.at(25);
    await world.run();
    world.clock.at(27);
    await world.post(id, 'identified');
    for (const minute of [30, 45, 51]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(subjects(world)).toEqual([`${LEAD.email}: [Acme Status] Update due in 5 min: API errors`]);
    for (const minute of [52, 57]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(subjects(world).slice(1)).toEqual([
      `${LEAD.email}: [Acme Status] Update due in 5 min: API errors`,
      `${LEAD.email}: [Acme Status] Update overdue: API errors`,
    ]);
    expect(world.mail[1]?.text).toContain('is due by 14:57 UTC');
  });

  it('a resolution stops every cadence reminder, even one already enqueued', async () => {
    const world = await createCadenceWorld();
    const id = await world.openIncident('minor');
    world.clock.at(240);
    // Enqueued by a run that died before sending: the resolution must still silence it.
    expect(await enqueueDueReminders(world.db, { now: world.clock.now, emails: true })).toBe(2);
    world.clock.at(241);
    await world.post(id, 'resolved');
    for (const minute of [241, 255, 300, 3000]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(world.mail).toEqual([]);
    expect(world.chat.requests).toEqual([]);
  });

  it('two scheduler runs at once (two processes) send one reminder', async () => {
    const world = await createCadenceWorld();
    await world.openIncident('critical');
    const other = createClient({ url: world.url });
    try {
      world.clock.at(25);
      await Promise.all([world.run(), world.run(other), world.run(), world.run(other)]);
      world.clock.at(30);
      await Promise.all([world.run(other), world.run()]);
    } finally {
      other.close();
    }
    expect(subjects(world)).toEqual([
      `${LEAD.email}: [Acme Status] Update due in 5 min: API errors`,
      `${LEAD.email}: [Acme Status] Update overdue: API errors`,
    ]);
    expect(world.chat.requests).toHaveLength(2);
  });

  it('a scheduler that was down sends the latest reminder only, not a stale "due soon"', async () => {
    const world = await createCadenceWorld();
    await world.openIncident('critical');
    world.clock.at(50);
    await world.run();
    expect(subjects(world)).toEqual([
      `${ESCALATION}: [Acme Status] Update overdue by 15 min, lead: Ann Lee <ann@acme.test>: API errors`,
    ]);
  });

  it('follows the page settings: no due-soon reminder at 0, a later escalation', async () => {
    const world = await createCadenceWorld();
    const ctx = { actor: 'system', now: world.clock.now.toISOString() };
    await updatePage(world.db, { reminder_lead_minutes: 0, escalation_after_minutes: 30 }, ctx);
    await world.openIncident('critical');
    for (const minute of [25, 30, 45, 60]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(subjects(world)).toEqual([
      `${LEAD.email}: [Acme Status] Update overdue: API errors`,
      `${ESCALATION}: [Acme Status] Update overdue by 30 min, lead: Ann Lee <ann@acme.test>: API errors`,
    ]);
  });
});

describe('lifecycle nudges', () => {
  it('nudges an incident left in monitoring past the watch period, once', async () => {
    const world = await createCadenceWorld();
    const id = await world.openIncident('minor');
    world.clock.at(10);
    await world.post(id, 'monitoring');
    for (const minute of [39, 40, 41, 90]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(subjects(world)).toEqual([`${LEAD.email}: [Acme Status] Still monitoring: API errors`]);
    expect(world.mail[0]?.text).toContain('has been in monitoring since 14:10 UTC');
  });

  it('asks for a post-mortem after a major incident, again at the deadline, and stops once waived', async () => {
    const world = await createCadenceWorld();
    const id = await world.openIncident('major');
    world.clock.at(20);
    await world.post(id, 'resolved');
    await world.run();
    world.clock.at(21);
    await world.run();
    expect(subjects(world)).toEqual([
      `${LEAD.email}: [Acme Status] Post-mortem due by 2 Dec, 14:20 UTC: API errors`,
    ]);
    expect(world.mail[0]?.text).toContain(`${API_ORIGIN}/admin/v1/incidents/${id}/postmortem-waiver`);
    world.clock.at(20 + 48 * 60);
    await world.run();
    expect(subjects(world)[1]).toBe(`${LEAD.email}: [Acme Status] Post-mortem overdue: API errors`);

    const second = await world.openIncident('critical');
    world.clock.at(20 + 48 * 60 + 5);
    await world.post(second, 'resolved');
    await waivePostmortem(world.db, { id: second }, { actor: 'system', now: world.clock.now.toISOString() });
    for (const minutes of [10, 60 * 48 + 10]) {
      world.clock.at(20 + 48 * 60 + minutes);
      await world.run();
    }
    expect(world.mail).toHaveLength(2);
  });

  it('stops asking once the post-mortem is published (the incident moves to postmortem)', async () => {
    const world = await createCadenceWorld();
    const id = await world.openIncident('critical');
    world.clock.at(5);
    await world.post(id, 'resolved');
    await world.db.execute({ sql: "UPDATE incidents SET status = 'postmortem' WHERE id = ?", args: [id] });
    for (const minute of [5, 60, 48 * 60 + 5]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(world.mail).toEqual([]);
  });

  it('minor incidents owe no post-mortem', async () => {
    const world = await createCadenceWorld();
    const id = await world.openIncident('minor');
    world.clock.at(5);
    await world.post(id, 'resolved');
    for (const minute of [5, 48 * 60 + 5]) {
      world.clock.at(minute);
      await world.run();
    }
    expect(world.mail).toEqual([]);
  });
});
