import { describe, expect, test } from 'vitest';
import { Form } from '../../api/console/form.ts';
import {
  parseReminders,
  readChangeForm,
  readScheduleForm,
  validateForm,
} from '../../api/console/screens/maintenance-form.ts';
import { ApiError } from '../../api/problem.ts';
import { UpdateMaintenanceBody } from '../../api/routes/admin/maintenances.ts';
import type { MaintenanceWithDetails } from '../../db/types.ts';

const BERLIN = 'Europe/Berlin';

const stored: MaintenanceWithDetails = {
  id: 'mnt_1',
  name: 'Upgrade',
  status: 'scheduled',
  // Set through the API to the second: the form shows 03:00 and must not read that as a change.
  scheduled_for: '2027-10-31T00:00:30.000Z',
  scheduled_until: '2027-10-31T03:00:00.000Z',
  auto_start: true,
  auto_complete: true,
  set_components_under_maintenance: true,
  notify: true,
  remind_before_minutes: [1440, 60],
  revision: 1,
  window_set_at: '2026-12-01T00:00:00.000Z',
  started_at: null,
  completed_at: null,
  cancelled_at: null,
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
  maintenance_updates: [],
  component_ids: ['cmp_a', 'cmp_b'],
};

const asShown = (extra: [string, string][] = []) =>
  new Form([
    ['name', 'Upgrade'],
    ['scheduled_for', '2027-10-31T02:00'],
    ['scheduled_until', '2027-10-31T04:00'],
    ['components', 'cmp_b'],
    ['components', 'cmp_a'],
    ['settings', 'shown'],
    ['auto_start', 'on'],
    ['auto_complete', 'on'],
    ['set_components_under_maintenance', 'on'],
    ['notify', 'on'],
    ['remind_before_minutes', '60, 1440'],
    ['message', ''],
    ...extra,
  ]);

describe('reading the maintenance forms', () => {
  test('reminders are whole minutes separated by commas or spaces; empty is none', () => {
    expect(parseReminders('1440, 60')).toEqual([1440, 60]);
    expect(parseReminders(' 30 ;15,5 ')).toEqual([30, 15, 5]);
    expect(parseReminders('')).toEqual([]);
    expect(parseReminders('1 day')).toBeNull();
    expect(parseReminders('-5')).toBeNull();
    expect(parseReminders('1.5')).toBeNull();
  });

  test('the schedule form becomes the API body, times read in the page zone on a DST night', () => {
    const read = readScheduleForm(
      new Form([
        ['name', 'Upgrade'],
        // 31 Oct 2027 in Berlin: 02:00 CEST, then 02:00 again in CET; 04:00 is CET.
        ['scheduled_for', '2027-10-31T01:00'],
        ['scheduled_until', '2027-10-31T04:00'],
        ['components', 'cmp_a'],
        ['message', 'Hi'],
        ['auto_start', 'on'],
        ['remind_before_minutes', '90'],
      ]),
      BERLIN,
    );
    expect(read.errors).toEqual([]);
    expect(read.fields).toEqual({
      name: 'Upgrade',
      scheduled_for: '2027-10-30T23:00:00.000Z',
      // Four hours later in real time, over the hour the clocks give back.
      scheduled_until: '2027-10-31T03:00:00.000Z',
      components: ['cmp_a'],
      message: 'Hi',
      remind_before_minutes: [90],
      auto_start: true,
      auto_complete: false,
      set_components_under_maintenance: false,
      notify: false,
    });
  });

  test('the change form sends only what differs from the stored window', () => {
    expect(readChangeForm(asShown(), stored, BERLIN)).toEqual({ fields: {}, errors: [] });
    const read = readChangeForm(
      new Form([
        ['name', 'Upgrade'],
        ['scheduled_for', '2027-10-31T02:00'],
        ['scheduled_until', '2027-10-31T05:00'],
        ['components', 'cmp_a'],
        ['settings', 'shown'],
        ['auto_start', 'on'],
        ['remind_before_minutes', '1440, 60'],
        ['message', 'Longer.'],
      ]),
      stored,
      BERLIN,
    );
    expect(read).toEqual({
      fields: {
        scheduled_until: '2027-10-31T04:00:00.000Z',
        components: ['cmp_a'],
        auto_complete: false,
        set_components_under_maintenance: false,
        notify: false,
        message: 'Longer.',
      },
      errors: [],
    });
    expect(validateForm(UpdateMaintenanceBody, read)).toMatchObject({
      scheduled_until: '2027-10-31T04:00:00.000Z',
    });
  });

  test('components and start are left alone once the window runs; errors from reading and the schema come together', () => {
    const running = { ...stored, status: 'in_progress' as const };
    expect(readChangeForm(asShown([['components', 'cmp_c']]), running, BERLIN).fields).toEqual({});
    const read = readChangeForm(
      new Form([
        ['name', ''],
        ['scheduled_until', '2028-03-26T02:30'],
        ['settings', 'shown'],
        ['remind_before_minutes', 'soon'],
      ]),
      running,
      BERLIN,
    );
    let error: unknown;
    try {
      validateForm(UpdateMaintenanceBody, read);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    const pointers = ((error as ApiError).errors ?? []).map((field) => field.pointer).sort();
    expect(pointers).toEqual(['/name', '/remind_before_minutes', '/scheduled_until']);
    expect(JSON.stringify((error as ApiError).errors)).toContain('does not exist in Europe/Berlin');
  });
});
