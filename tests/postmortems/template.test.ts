import { describe, expect, it } from 'vitest';
import { postmortemTemplate } from '../../api/postmortems/template.ts';
import type { IncidentUpdate, IncidentWithDetails } from '../../db/types.ts';

function update(
  incidentId: string,
  at: string,
  status: IncidentUpdate['status'],
  body: string,
): IncidentUpdate {
  const id = `upd_${at}`;
  return {
    id,
    incident_id: incidentId,
    status,
    body,
    affected_components: null,
    deliver_notifications: true,
    display_at: at,
    created_at: at,
    updated_at: at,
  };
}

function incident(
  id: string,
  name: string,
  start: string,
  end: string | null,
  components: string[],
  updates: IncidentUpdate[],
): IncidentWithDetails {
  return {
    id,
    name,
    status: end ? 'resolved' : 'investigating',
    impact: 'major',
    started_at: start,
    monitoring_at: null,
    resolved_at: end,
    created_at: start,
    updated_at: end ?? start,
    lead: null,
    update_cadence_minutes: null,
    postmortem_waived_at: null,
    incident_updates: updates,
    component_ids: components,
  };
}

const names = new Map([
  ['cmp_api', 'API'],
  ['cmp_web', 'Web <app>'],
  ['cmp_db', 'Database'],
]);

describe('the post-mortem template', () => {
  it('spans every covered incident: earliest start, latest end, all components in page order, one timeline', () => {
    const a = incident(
      'inc_a',
      'API errors',
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T11:00:00.000Z',
      ['cmp_api'],
      [
        update('inc_a', '2026-11-30T11:00:00.000Z', 'resolved', 'Fixed.'),
        update(
          'inc_a',
          '2026-11-30T10:00:00.000Z',
          'investigating',
          'Errors *everywhere* <script>x</script>',
        ),
      ],
    );
    const b = incident(
      'inc_b',
      'Web slow',
      '2026-11-30T10:30:00.000Z',
      '2026-11-30T12:15:00.000Z',
      ['cmp_web'],
      [update('inc_b', '2026-11-30T10:30:00.000Z', 'identified', 'Same cause.')],
    );
    const markdown = postmortemTemplate({
      incidents: [b, a],
      componentNames: names,
      timeZone: 'Europe/Berlin',
    });
    expect(markdown).toContain('- **Start:** 30 Nov 2026, 11:00 CET');
    expect(markdown).toContain('- **End:** 30 Nov 2026, 13:15 CET');
    expect(markdown).toContain('- **Duration:** 2 h 15 min');
    expect(markdown).toContain('- **Affected components:** API, Web &lt;app&gt;');
    const timeline = markdown.split('## Timeline')[1]?.split('## What we are changing')[0] ?? '';
    expect(timeline.trim().split('\n')).toEqual([
      '- **30 Nov 2026, 11:00 CET** — API errors: Investigating. Errors everywhere',
      '- **30 Nov 2026, 11:30 CET** — Web slow: Identified. Same cause.',
      '- **30 Nov 2026, 12:00 CET** — API errors: Resolved. Fixed.',
    ]);
  });

  it('says so when the incident is not resolved yet', () => {
    const open = incident('inc_c', 'Down', '2026-11-30T10:00:00.000Z', null, [], []);
    const markdown = postmortemTemplate({ incidents: [open], componentNames: names, timeZone: 'UTC' });
    expect(markdown).toContain('- **End:** not resolved yet');
    expect(markdown).toContain('- **Duration:** ongoing');
    expect(markdown).toContain('- **Affected components:** none listed');
    expect(markdown).toContain('- _No public updates were posted._');
  });
});
