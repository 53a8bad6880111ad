// The commands a reminder proposes are pasted into a shell. The page's address, which builds their
// URLs, may hold `$(…)` or `;` in its path (the admin API accepts it: URLs allow them); it must
// stay one literal word rather than run.
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { REMINDER_KINDS, type Reminder } from '../../api/cadence/policy.ts';
import { reminderMessage, shellWord } from '../../api/cadence/reminder-message.ts';
import { UpdatePageBody } from '../../api/routes/admin/page.ts';
import type { IncidentWithDetails } from '../../db/types.ts';

// $IFS rather than a space: a space would be percent-encoded by the URL rules, $IFS is not.
const HOSTILE_URL = ['https://status.example.com/$(echo', '{IFS}PWNED);echo', "{IFS}PWNED|cat'`"].join('$');
const AT = '2026-11-30T14:00:00.000Z';

const incident: IncidentWithDetails = {
  id: 'inc_abc123',
  name: 'API errors',
  status: 'resolved',
  impact: 'major',
  started_at: AT,
  monitoring_at: null,
  resolved_at: AT,
  created_at: AT,
  updated_at: AT,
  lead: null,
  update_cadence_minutes: null,
  postmortem_waived_at: null,
  incident_updates: [],
  component_ids: [],
};

describe('reminder commands', () => {
  test('the admin API accepts such a page address', () => {
    expect(UpdatePageBody.safeParse({ url: "https://status.example.com/$(id);x|y'" }).success).toBe(true);
  });

  test('a hostile URL is one literal shell word', () => {
    for (const url of [HOSTILE_URL, 'https://api.example.com/a b', "https://x.example/it's"]) {
      const printed = execFileSync('sh', ['-c', `printf '%s' ${shellWord(url)}`], { encoding: 'utf8' });
      expect(printed).toBe(url);
    }
    expect(shellWord('https://api.example.com:8443/admin/v1/incidents/inc_1/updates')).toBe(
      'https://api.example.com:8443/admin/v1/incidents/inc_1/updates',
    );
  });

  test.each(REMINDER_KINDS)('%s: no command runs what the URL holds', (kind) => {
    const reminder: Reminder = {
      kind,
      anchor: '2026-11-30T14:30:00.000Z',
      at: '2026-11-30T14:45:00.000Z',
      until: AT,
    };
    const page = { name: 'Acme', url: HOSTILE_URL, time_zone: 'UTC', postmortem_deadline_hours: 48 };
    const message = reminderMessage({ page, incident, reminder, apiOrigin: HOSTILE_URL });
    for (const { command } of message.commands) {
      if (!command.startsWith('curl')) continue;
      // Run with curl replaced by a function that prints nothing: only a substitution would print.
      const output = execFileSync('sh', ['-c', `curl() { :; }; ${command}`], { encoding: 'utf8' });
      expect(output, command).not.toContain('PWNED');
    }
  });
});
