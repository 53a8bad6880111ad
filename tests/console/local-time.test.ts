import { describe, expect, test } from 'vitest';
import { formatLocalWindow, parseLocalDateTime, toLocalInputValue } from '../../api/console/local-time.ts';

const BERLIN = 'Europe/Berlin';

describe('datetime-local values in the page time zone', () => {
  test('reads winter and summer times with the offset in force on that day', () => {
    expect(parseLocalDateTime('2027-01-15T03:00', BERLIN)).toEqual({
      ok: true,
      iso: '2027-01-15T02:00:00.000Z',
      ambiguous: false,
    });
    expect(parseLocalDateTime('2027-07-15T03:00', BERLIN)).toMatchObject({ iso: '2027-07-15T01:00:00.000Z' });
    expect(parseLocalDateTime('2027-07-15T03:00', 'UTC')).toMatchObject({ iso: '2027-07-15T03:00:00.000Z' });
    expect(parseLocalDateTime('2027-07-15T03:00:30', BERLIN)).toMatchObject({
      iso: '2027-07-15T01:00:30.000Z',
    });
  });

  test('across the spring change: the hour before and after are one real hour apart, the skipped time is refused', () => {
    // 28 March 2027: Berlin goes from 02:00 CET straight to 03:00 CEST.
    expect(parseLocalDateTime('2027-03-28T01:30', BERLIN)).toMatchObject({ iso: '2027-03-28T00:30:00.000Z' });
    expect(parseLocalDateTime('2027-03-28T03:30', BERLIN)).toMatchObject({ iso: '2027-03-28T01:30:00.000Z' });
    expect(parseLocalDateTime('2027-03-28T02:30', BERLIN)).toEqual({ ok: false, reason: 'missing' });
    expect(parseLocalDateTime('2027-03-28T02:00', BERLIN)).toEqual({ ok: false, reason: 'missing' });
  });

  test('across the autumn change: a repeated time is the earlier one, and the rest are exact', () => {
    // 31 October 2027: Berlin goes from 03:00 CEST back to 02:00 CET; 02:30 happens twice.
    expect(parseLocalDateTime('2027-10-31T02:30', BERLIN)).toEqual({
      ok: true,
      iso: '2027-10-31T00:30:00.000Z',
      ambiguous: true,
    });
    expect(parseLocalDateTime('2027-10-31T01:59', BERLIN)).toMatchObject({
      iso: '2027-10-30T23:59:00.000Z',
      ambiguous: false,
    });
    expect(parseLocalDateTime('2027-10-31T03:00', BERLIN)).toMatchObject({
      iso: '2027-10-31T02:00:00.000Z',
      ambiguous: false,
    });
  });

  test('refuses what is not a date and time', () => {
    for (const value of [
      '',
      'tomorrow',
      '2027-02-30T03:00',
      '2027-01-01T24:00',
      '2027-01-01 03:00',
      '2027-1-1T3:00',
    ]) {
      expect(parseLocalDateTime(value, BERLIN), value).toEqual({ ok: false, reason: 'format' });
    }
  });

  test('shows an instant as the wall time the form field takes back unchanged', () => {
    expect(toLocalInputValue('2027-01-15T02:00:00.000Z', BERLIN)).toBe('2027-01-15T03:00');
    expect(toLocalInputValue('2027-07-15T01:00:00.000Z', BERLIN)).toBe('2027-07-15T03:00');
    // Both 02:30s of the autumn night read as 02:30.
    expect(toLocalInputValue('2027-10-31T00:30:00.000Z', BERLIN)).toBe('2027-10-31T02:30');
    expect(toLocalInputValue('2027-10-31T01:30:00.000Z', BERLIN)).toBe('2027-10-31T02:30');
    for (const iso of ['2027-03-28T00:30:00.000Z', '2027-03-28T01:30:00.000Z', '2027-12-31T23:00:00.000Z']) {
      const parsed = parseLocalDateTime(toLocalInputValue(iso, BERLIN), BERLIN);
      expect(parsed).toMatchObject({ iso });
    }
  });

  test('writes a window with the zone abbreviation, the date once when both ends share it', () => {
    expect(formatLocalWindow('2027-01-15T02:00:00Z', '2027-01-15T04:00:00Z', BERLIN)).toBe(
      'Fri, 15 Jan 2027, 03:00 CET – 05:00 CET',
    );
    // Through the spring change: starts in winter time, ends in summer time.
    expect(formatLocalWindow('2027-03-28T00:30:00Z', '2027-03-28T01:30:00Z', BERLIN)).toBe(
      'Sun, 28 Mar 2027, 01:30 CET – 03:30 CEST',
    );
    expect(formatLocalWindow('2027-01-15T22:00:00Z', '2027-01-16T01:00:00Z', 'UTC')).toBe(
      'Fri, 15 Jan 2027, 22:00 UTC – Sat, 16 Jan 2027, 01:00 UTC',
    );
  });
});
