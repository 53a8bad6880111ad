import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDate, startDayRolloverRebuilds } from '../../api/jobs/day-rollover.ts';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('day rollover rebuilds', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('asks for a rebuild once when the date changes in the page time zone, not before', async () => {
    // 21:59 UTC is 23:59 in Berlin (UTC+2 in summer); two minutes later it is the next day there.
    let now = new Date('2026-07-01T21:59:00Z');
    let rebuilds = 0;
    stop = startDayRolloverRebuilds({
      timeZone: async () => 'Europe/Berlin',
      onNewDay: () => rebuilds++,
      intervalMs: 5,
      clock: () => now,
    });
    await wait(30);
    expect(rebuilds).toBe(0);
    now = new Date('2026-07-01T22:01:00Z');
    await vi.waitFor(() => expect(rebuilds).toBe(1));
    await wait(30);
    expect(rebuilds).toBe(1);
  });

  it('reads local dates in the given zone, and in UTC for an unknown zone', () => {
    const at = new Date('2026-07-01T22:30:00Z');
    expect(localDate(at, 'UTC')).toBe('2026-07-01');
    expect(localDate(at, 'Asia/Tokyo')).toBe('2026-07-02');
    expect(localDate(at, 'Not/AZone')).toBe('2026-07-01');
  });
});
