// The cadence policy as pure functions: what every consumer (public JSON, site, admin API, the
// reminder job, the metrics) is told about when an update is due.
import { describe, expect, it } from 'vitest';
import {
  cadenceMinutes,
  DEFAULT_CADENCE_SETTINGS,
  nextUpdateAt,
  remindersDueAt,
  scheduledReminders,
} from '../../api/cadence/policy.ts';
import type { CadenceSettings, IncidentImpact, IncidentStatus } from '../../db/types.ts';

const settings: CadenceSettings = { ...DEFAULT_CADENCE_SETTINGS };

function incident(overrides: {
  status?: IncidentStatus;
  impact?: IncidentImpact;
  own?: number | null;
  updates?: string[];
  resolved_at?: string | null;
  waived?: string | null;
}) {
  return {
    status: overrides.status ?? 'investigating',
    impact: overrides.impact ?? 'critical',
    update_cadence_minutes: overrides.own ?? null,
    incident_updates: (overrides.updates ?? ['2026-11-30T14:00:00.000Z']).map((created_at) => ({
      created_at,
    })),
    resolved_at: overrides.resolved_at ?? null,
    postmortem_waived_at: overrides.waived ?? null,
  };
}

describe('the cadence policy', () => {
  it('uses the incident’s own cadence before the page’s for its impact', () => {
    expect(cadenceMinutes(incident({ impact: 'minor' }), settings)).toBe(240);
    expect(cadenceMinutes(incident({ impact: 'minor', own: 15 }), settings)).toBe(15);
  });

  it('counts from the latest published update, whatever the order given', () => {
    const updates = ['2026-11-30T14:20:00.000Z', '2026-11-30T14:00:00.000Z', '2026-11-30T14:05:00.000Z'];
    expect(nextUpdateAt(incident({ updates }), settings)).toBe('2026-11-30T14:50:00.000Z');
  });

  it('promises nothing once resolved or published as a post-mortem', () => {
    expect(nextUpdateAt(incident({ status: 'resolved' }), settings)).toBeNull();
    expect(nextUpdateAt(incident({ status: 'postmortem' }), settings)).toBeNull();
  });

  it('schedules due soon, overdue and escalation in windows that never overlap', () => {
    const reminders = scheduledReminders(incident({}), settings);
    expect(reminders.map((r) => [r.kind, r.at, r.until])).toEqual([
      ['update_due_soon', '2026-11-30T14:25:00.000Z', '2026-11-30T14:30:00.000Z'],
      ['update_overdue', '2026-11-30T14:30:00.000Z', '2026-11-30T14:45:00.000Z'],
      ['update_escalation', '2026-11-30T14:45:00.000Z', '2026-12-01T14:45:00.000Z'],
    ]);
    for (const minute of [25, 29, 30, 44, 45, 60]) {
      const now = new Date(Date.parse('2026-11-30T14:00:00.000Z') + minute * 60_000);
      expect(remindersDueAt(reminders, now), `minute ${minute}`).toHaveLength(1);
    }
    expect(remindersDueAt(reminders, new Date('2026-11-30T14:24:59.999Z'))).toEqual([]);
  });

  it('owes a post-mortem only for resolved major or critical incidents not waived', () => {
    const resolved = { status: 'resolved' as const, resolved_at: '2026-11-30T15:00:00.000Z' };
    expect(
      scheduledReminders(incident({ ...resolved, impact: 'major' }), settings).map((r) => r.kind),
    ).toEqual(['postmortem_due', 'postmortem_overdue']);
    expect(scheduledReminders(incident({ ...resolved, impact: 'minor' }), settings)).toEqual([]);
    expect(
      scheduledReminders(incident({ ...resolved, waived: '2026-11-30T16:00:00.000Z' }), settings),
    ).toEqual([]);
  });
});
