import { describe, expect, test } from 'vitest';
import type { IncidentStatus } from '../../db/types.ts';
import {
  communicationSummary,
  type MeasuredIncident,
  measureIncident,
  median,
  monthlyMedians,
} from '../../site/lib/incident-metrics.ts';

const at = (hhmm: string, day = '2026-11-10') => `${day}T${hhmm}:00.000Z`;

function incident(
  overrides: Partial<MeasuredIncident>,
  updates: Array<[string, IncidentStatus]>,
): MeasuredIncident {
  return {
    id: 'inc_1',
    name: 'Checkout errors',
    status: 'resolved',
    impact: 'critical',
    started_at: at('09:54'),
    monitoring_at: null,
    resolved_at: null,
    created_at: at('09:54'),
    updated_at: at('12:00'),
    lead: null,
    update_cadence_minutes: null,
    postmortem_waived_at: null,
    // Newest first, as the API gives them: the metrics must not rely on the order.
    incident_updates: updates
      .map(([time, status], index) => ({ id: `upd_${index}`, status, created_at: time }))
      .reverse(),
    ...overrides,
  };
}

const thirtyMinutes = () => 30;

describe('incident metrics', () => {
  const resolved = incident({ resolved_at: at('11:20') }, [
    [at('10:00'), 'investigating'],
    [at('10:20'), 'identified'],
    [at('11:15'), 'monitoring'],
    [at('11:20'), 'resolved'],
    // A postmortem days later is no silence: the incident was closed.
    [at('09:00', '2026-11-13'), 'postmortem'],
  ]);

  test('measures from the (back-dated) start to the first update, identified and resolved', () => {
    const metrics = measureIncident(resolved, thirtyMinutes, Date.parse(at('12:00', '2026-11-20')));
    expect(metrics).toMatchObject({
      public_updates: 5,
      first_update_minutes: 6,
      identified_minutes: 26,
      resolved_minutes: 86,
      longest_silence_minutes: 55,
      average_update_minutes: 26.7,
      cadence_minutes: 30,
      cadence_misses: 1,
    });
  });

  test('counts every gap longer than the cadence of the incident', () => {
    const byImpact = (i: { impact: string }) => (i.impact === 'critical' ? 10 : 1000);
    expect(measureIncident(resolved, byImpact, 0).cadence_misses).toBe(2);
    expect(measureIncident({ ...resolved, impact: 'minor' }, byImpact, 0).cadence_misses).toBe(0);
  });

  test('an open incident: the silence so far counts, and identified falls back to monitoring', () => {
    const open = incident({ status: 'monitoring' }, [
      [at('10:00'), 'investigating'],
      [at('10:10'), 'monitoring'],
    ]);
    const metrics = measureIncident(open, thirtyMinutes, Date.parse(at('11:40')));
    expect(metrics).toMatchObject({
      identified_minutes: 16,
      resolved_minutes: null,
      longest_silence_minutes: 90,
      average_update_minutes: 10,
      cadence_misses: 1,
    });
  });

  test('an incident without updates has no update metrics', () => {
    const metrics = measureIncident(incident({ status: 'investigating' }, []), thirtyMinutes, 0);
    expect(metrics).toMatchObject({
      public_updates: 0,
      first_update_minutes: null,
      identified_minutes: null,
      longest_silence_minutes: null,
      cadence_misses: 0,
    });
  });

  test('the page line: first update after start, and the average while open', () => {
    expect(communicationSummary(resolved)).toBe(
      'first update 6 min after start; updated every 26 min on average',
    );
    const single = incident({}, [[at('10:00'), 'resolved']]);
    expect(communicationSummary(single)).toBe('first update 6 min after start');
    expect(communicationSummary(incident({}, []))).toBeNull();
  });
});

describe('medians', () => {
  test('leave out unknown values and average the middle pair', () => {
    expect(median([3, null, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null])).toBeNull();
  });

  test('group incidents by the month they started in, oldest month first', () => {
    const base = measureIncident(incident({}, [[at('10:00'), 'investigating']]), thirtyMinutes, 0);
    const months = monthlyMedians([
      { ...base, started_at: '2026-11-02T00:00:00.000Z', first_update_minutes: 10, cadence_misses: 2 },
      { ...base, started_at: '2026-10-05T00:00:00.000Z', first_update_minutes: 3, cadence_misses: 0 },
      { ...base, started_at: '2026-11-20T00:00:00.000Z', first_update_minutes: 20, cadence_misses: 1 },
    ]);
    expect(
      months.map((m) => [m.month, m.incidents, m.median_first_update_minutes, m.cadence_misses]),
    ).toEqual([
      ['2026-10', 1, 3, 0],
      ['2026-11', 2, 15, 3],
    ]);
  });
});
