import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../site/lib/format.ts';
import { groupIncidentsByMonth, recentMonths } from '../../site/lib/history.ts';
import { lastLocalDays, localDateOf, resolveTimeZone, startOfLocalDay } from '../../site/lib/time.ts';

const HOUR = 3_600_000;

describe('local days', () => {
  it('makes the day the clocks go back 25 hours long', () => {
    // Europe/Berlin leaves summer time on 25 October 2026.
    const days = lastLocalDays(Date.parse('2026-10-26T12:00:00Z'), 3, 'Europe/Berlin');
    expect(days.map((day) => day.key)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    expect(days.map((day) => (day.end - day.start) / HOUR)).toEqual([24, 25, 24]);
    expect(new Date(days[0]?.start ?? 0).toISOString()).toBe('2026-10-23T22:00:00.000Z');
  });

  it('starts a day whose midnight is skipped at the first instant that exists', () => {
    // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September.
    const start = startOfLocalDay({ year: 2026, month: 9, day: 6 }, 'America/Santiago');
    expect(localDateOf(start, 'America/Santiago')).toEqual({ year: 2026, month: 9, day: 6 });
    expect(localDateOf(start - 1, 'America/Santiago')).toEqual({ year: 2026, month: 9, day: 5 });
  });

  it('rolls days over month and year ends', () => {
    const days = lastLocalDays(Date.parse('2027-01-01T08:00:00Z'), 2, 'UTC');
    expect(days.map((day) => day.key)).toEqual(['2026-12-31', '2027-01-01']);
  });

  it('falls back to UTC for a time zone the runtime does not know', () => {
    expect(resolveTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(resolveTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
  });
});

describe('months of incidents', () => {
  const incident = (id: string, startedAt: string) => ({
    id,
    name: id,
    status: 'resolved' as const,
    impact: 'minor' as const,
    started_at: startedAt,
    monitoring_at: null,
    resolved_at: null,
    created_at: startedAt,
    updated_at: startedAt,
    lead: null,
    update_cadence_minutes: null,
    postmortem_waived_at: null,
    incident_updates: [],
    component_ids: [],
  });

  it('groups by the month the incident started in the page time zone, newest month first', () => {
    const months = groupIncidentsByMonth(
      [
        incident('a', '2026-10-31T23:30:00Z'),
        incident('b', '2026-10-31T20:00:00Z'),
        incident('c', '2026-08-02T00:00:00Z'),
      ],
      'Europe/Berlin',
    );
    // 23:30 UTC on 31 October is already November in Berlin.
    expect(months.map((month) => [month.key, month.incidents.map((i) => i.id)])).toEqual([
      ['2026-11', ['a']],
      ['2026-10', ['b']],
      ['2026-08', ['c']],
    ]);
  });

  it('names the current month and the two before it as recent, across a year end', () => {
    expect(recentMonths(Date.parse('2027-02-10T00:00:00Z'), 'UTC')).toEqual([
      '2027-02',
      '2027-01',
      '2026-12',
    ]);
  });
});

describe('durations', () => {
  it('reads like a person would say it', () => {
    expect(formatDuration(30_000)).toBe('under a minute');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(2 * HOUR)).toBe('2 h');
    expect(formatDuration(2 * HOUR + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(76 * HOUR)).toBe('3 d 4 h');
  });
});
