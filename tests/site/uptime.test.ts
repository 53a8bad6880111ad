import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../db/types.ts';
import { formatPercent } from '../../site/lib/format.ts';
import { lastLocalDays } from '../../site/lib/time.ts';
import { computeUptime, type StatusPoint } from '../../site/lib/uptime.ts';
import { buildUptimeBar } from '../../site/lib/uptime-bar.ts';

// Three UTC days, 1-3 March 2026, with "now" at noon on the third: 24 + 24 + 12 = 60 hours.
const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-03T12:00:00Z');
const DAYS = lastLocalDays(NOW, 3, 'UTC');
const LONG_AGO = Date.parse('2026-01-01T00:00:00Z');
const at = (iso: string) => Date.parse(iso);

function uptimeOf(changes: Array<[ComponentStatus, string]>, existsFrom = LONG_AGO) {
  const points: StatusPoint[] = [
    { status: 'operational', at: existsFrom },
    ...changes.map(([status, iso]) => ({ status, at: at(iso) })),
  ];
  return computeUptime({ changes: points, existsFrom, days: DAYS, now: NOW });
}

describe('uptime over the last days', () => {
  it('has the days in order, the last one cut at now', () => {
    expect(DAYS.map((day) => day.key)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    const uptime = uptimeOf([]);
    expect(uptime.days.map((day) => day.countedMs / HOUR)).toEqual([24, 24, 12]);
    expect(uptime.fraction).toBe(1);
  });

  it('counts a major outage as fully down', () => {
    const uptime = uptimeOf([
      ['major_outage', '2026-03-01T06:00:00Z'],
      ['operational', '2026-03-01T12:00:00Z'],
    ]);
    expect(uptime.fraction).toBeCloseTo(1 - 6 / 60, 12);
    expect(uptime.days[0]?.durations.major_outage).toBe(6 * HOUR);
    expect(uptime.days[0]?.worst).toBe('major_outage');
    expect(uptime.days[1]?.worst).toBe('operational');
  });

  it('counts a partial outage as 30 % down', () => {
    const uptime = uptimeOf([
      ['partial_outage', '2026-03-02T00:00:00Z'],
      ['operational', '2026-03-02T10:00:00Z'],
    ]);
    // 10 h × 0.3 = 3 h down out of 60.
    expect(uptime.fraction).toBeCloseTo(0.95, 12);
    expect(uptime.days[1]?.downMs).toBeCloseTo(3 * HOUR, 3);
  });

  it('counts degraded performance as up, while still marking the day', () => {
    const uptime = uptimeOf([
      ['degraded_performance', '2026-03-01T02:00:00Z'],
      ['operational', '2026-03-01T22:00:00Z'],
    ]);
    expect(uptime.fraction).toBe(1);
    expect(uptime.days[0]?.worst).toBe('degraded_performance');
    expect(uptime.days[0]?.durations.degraded_performance).toBe(20 * HOUR);
  });

  it('leaves time under maintenance out of the denominator', () => {
    const uptime = uptimeOf([
      ['under_maintenance', '2026-03-01T00:00:00Z'],
      ['operational', '2026-03-01T12:00:00Z'],
      ['major_outage', '2026-03-02T00:00:00Z'],
      ['operational', '2026-03-02T06:00:00Z'],
    ]);
    // 60 h less 12 h of maintenance = 48 h counted, 6 h of them down.
    expect(uptime.fraction).toBeCloseTo(1 - 6 / 48, 12);
    expect(uptime.days[0]?.countedMs).toBe(12 * HOUR);
    expect(uptime.days[0]?.worst).toBe('under_maintenance');
  });

  it('has no uptime at all when every counted moment was maintenance', () => {
    const uptime = uptimeOf([['under_maintenance', '2026-02-01T00:00:00Z']]);
    expect(uptime.fraction).toBeNull();
  });

  it('shows days before the component existed as no data, and counts from its creation', () => {
    const uptime = uptimeOf([['major_outage', '2026-03-03T06:00:00Z']], at('2026-03-02T06:00:00Z'));
    expect(uptime.days[0]?.worst).toBeNull();
    expect(uptime.days[0]?.countedMs).toBe(0);
    expect(uptime.days[1]?.countedMs).toBe(18 * HOUR);
    // 18 h + 12 h exist; the last 6 h of them are a major outage.
    expect(uptime.fraction).toBeCloseTo(1 - 6 / 30, 12);
  });

  it('splits a status that spans midnight between the two days', () => {
    const uptime = uptimeOf([
      ['major_outage', '2026-03-01T22:00:00Z'],
      ['operational', '2026-03-02T02:00:00Z'],
    ]);
    expect(uptime.days[0]?.durations.major_outage).toBe(2 * HOUR);
    expect(uptime.days[1]?.durations.major_outage).toBe(2 * HOUR);
    expect(uptime.fraction).toBeCloseTo(1 - 4 / 60, 12);
  });

  it('uses the status in force before the first day for the start of the window', () => {
    const uptime = uptimeOf([
      ['major_outage', '2026-02-28T20:00:00Z'],
      ['operational', '2026-03-01T04:00:00Z'],
    ]);
    expect(uptime.days[0]?.durations.major_outage).toBe(4 * HOUR);
    expect(uptime.fraction).toBeCloseTo(1 - 4 / 60, 12);
  });

  it('treats an existing component without recorded changes as operational since it existed', () => {
    const uptime = computeUptime({ changes: [], existsFrom: LONG_AGO, days: DAYS, now: NOW });
    expect(uptime.fraction).toBe(1);
    expect(uptime.days.every((day) => day.worst === 'operational')).toBe(true);
  });

  it('takes the last of several changes written at the same instant', () => {
    const uptime = uptimeOf([
      ['partial_outage', '2026-03-03T00:00:00Z'],
      ['major_outage', '2026-03-03T00:00:00Z'],
    ]);
    expect(uptime.days[2]?.durations).toMatchObject({ partial_outage: 0, major_outage: 12 * HOUR });
  });
});

describe('uptime percentages', () => {
  it('rounds down so that any downtime never reads as 100 %', () => {
    expect(formatPercent(1)).toBe('100.00 %');
    expect(formatPercent(0.99999)).toBe('99.99 %');
    expect(formatPercent(0.9)).toBe('90.00 %');
    expect(formatPercent(1 - 6 / 48)).toBe('87.50 %');
  });
});

describe('the uptime bar', () => {
  it('draws each run of calm days as one dashed line and each day with trouble with its own title', () => {
    const uptime = uptimeOf(
      [
        ['major_outage', '2026-03-02T22:00:00Z'],
        ['operational', '2026-03-03T01:30:00Z'],
      ],
      at('2026-03-01T12:00:00Z'),
    );
    const bar = buildUptimeBar(uptime, 'UTC');
    expect(bar.paths).toEqual([{ className: 'b0', d: 'M0 14h3' }]);
    expect(bar.since).toBeNull();
    expect(bar.troubleDays).toEqual([
      { x: 5, className: 'b4', label: '2 Mar 2026: major outage 2 h' },
      { x: 10, className: 'b4', label: '3 Mar 2026: major outage 1 h 30 min' },
    ]);
    expect(bar.percent).toBe(formatPercent(1 - 3.5 / 48));
    expect(bar.summary).toContain('2 Mar 2026: major outage 2 h; 3 Mar 2026: major outage 1 h 30 min');
  });

  it('marks days without data as such and says from when data exists', () => {
    const uptime = uptimeOf([], at('2026-03-02T06:00:00Z'));
    const bar = buildUptimeBar(uptime, 'UTC');
    // Two calm days in one run: a 3-unit dash per day, 5 apart (8 = 2 × 5 − the last gap).
    expect(bar.paths).toEqual([
      { className: 'bn', d: 'M0 14h3' },
      { className: 'b0', d: 'M5 14h8' },
    ]);
    expect(bar.since).toBe('2 Mar');
    expect(bar.summary).toBe(
      'Uptime over the last 3 days: 100.00 %. Every day fully operational. No data before 2 Mar 2026.',
    );
  });
});
