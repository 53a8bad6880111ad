import { describe, expect, it } from 'vitest';
import type { IncidentWithDetails } from '../../db/types.ts';
import { compactPastDays, groupRecentIncidentsByDay } from '../../site/lib/past-incidents.ts';

function incident(id: string, startedAt: string): IncidentWithDetails {
  return {
    id,
    name: id,
    status: 'resolved',
    impact: 'minor',
    started_at: startedAt,
    monitoring_at: null,
    resolved_at: startedAt,
    created_at: startedAt,
    updated_at: startedAt,
    lead: null,
    update_cadence_minutes: null,
    postmortem_waived_at: null,
    incident_updates: [],
    component_ids: [],
  };
}

// The seven local days shown on 22 Nov 2026, newest first.
const WEEK_ENDING_22_NOV = [
  '2026-11-22',
  '2026-11-21',
  '2026-11-20',
  '2026-11-19',
  '2026-11-18',
  '2026-11-17',
  '2026-11-16',
];

const ids = (day: { incidents: IncidentWithDetails[] } | undefined) => day?.incidents.map((i) => i.id);

describe('groupRecentIncidentsByDay', () => {
  it('gives the last 7 local days, newest first, quiet ones empty', () => {
    const days = groupRecentIncidentsByDay([], Date.parse('2026-11-22T10:00:00Z'), 'UTC');
    expect(days.map((day) => day.key)).toEqual(WEEK_ENDING_22_NOV);
    expect(days.every((day) => day.incidents.length === 0)).toBe(true);
    expect(new Date(days[0]?.start ?? 0).toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });

  it('puts each incident under the local day it started on, in the given (newest first) order', () => {
    // Tokyo is UTC+9: 20:00 UTC on the 19th is the morning of the 20th there, 14:00 UTC still the 19th.
    const incidents = [
      incident('today', '2026-11-22T01:00:00Z'),
      incident('late', '2026-11-19T20:00:00Z'),
      incident('early', '2026-11-19T14:00:00Z'),
      incident('midnight', '2026-11-15T15:00:00Z'),
      incident('too-old', '2026-11-15T14:59:59.999Z'),
    ];
    const days = groupRecentIncidentsByDay(incidents, Date.parse('2026-11-22T10:00:00Z'), 'Asia/Tokyo');
    expect(days.map((day) => day.key)).toEqual(WEEK_ENDING_22_NOV);
    expect(ids(days[0])).toEqual(['today']);
    expect(ids(days[2])).toEqual(['late']);
    expect(ids(days[3])).toEqual(['early']);
    // Local midnight of the oldest day belongs to it; the instant before is out of range.
    expect(ids(days[6])).toEqual(['midnight']);
    expect(days.flatMap((day) => day.incidents).map((i) => i.id)).not.toContain('too-old');
  });

  it('keeps days whole across a change of clocks', () => {
    // Europe/Berlin leaves summer time on 25 October 2026: that day is 25 hours long.
    const days = groupRecentIncidentsByDay(
      [incident('last-hour', '2026-10-25T22:30:00Z'), incident('first-hour', '2026-10-24T22:00:00Z')],
      Date.parse('2026-10-27T12:00:00Z'),
      'Europe/Berlin',
    );
    const sunday = days.find((day) => day.key === '2026-10-25');
    expect(ids(sunday)).toEqual(['last-hour', 'first-hour']);
  });
});

describe('compactPastDays', () => {
  it('folds runs of quiet days into one entry and bounds each day with "and N more"', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      incident(`inc_${i}`, `2026-11-20T${String(10 + i).padStart(2, '0')}:00:00Z`),
    );
    // Newest first, as SiteData holds them.
    const days = groupRecentIncidentsByDay(many.reverse(), Date.parse('2026-11-22T10:00:00Z'), 'UTC');
    const entries = compactPastDays(days, (found) => `/history/2026-11/#${found.id}`, 5);
    expect(entries.map((entry) => [entry.kind, entry.key])).toEqual([
      ['quiet', '2026-11-22'],
      ['day', '2026-11-20'],
      ['quiet', '2026-11-19'],
    ]);
    const [today, busy, before] = entries;
    expect(today?.kind === 'quiet' && today.days).toBe(2);
    expect(before?.kind === 'quiet' && before.days).toBe(4);
    if (busy?.kind !== 'day') throw new Error('expected a day');
    expect(busy.shown.map((i) => i.id)).toEqual(['inc_7', 'inc_6', 'inc_5', 'inc_4', 'inc_3']);
    expect(busy.more).toBe(3);
    expect(busy.moreHref).toBe('/history/2026-11/#inc_2');
  });
});
