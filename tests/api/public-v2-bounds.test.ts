import { describe, expect, it } from 'vitest';
import { COMPONENTS_PER_INCIDENT_LIMIT, OPEN_INCIDENTS_SERVED_LIMIT } from '../../api/public/endpoints.ts';
import { insertComponent, insertIncident, insertPage } from '../public/fixtures.ts';
import { createTestApp } from '../support/app.ts';

// One careless page (many open incidents each naming every component) must not make the public
// JSON grow as their product: the documents are bounded, the overall status is not weakened.

async function crowdedPage() {
  const test = await createTestApp();
  await insertPage(test.db);
  const componentIds: string[] = [];
  for (let i = 0; i < COMPONENTS_PER_INCIDENT_LIMIT + 5; i++) {
    componentIds.push((await insertComponent(test.db, { name: `Component ${i}`, position: i })).id);
  }
  // The oldest open incident is the only critical one: beyond the cap, yet it sets the status.
  await insertIncident(test.db, { impact: 'critical', componentIds });
  for (let i = 0; i < OPEN_INCIDENTS_SERVED_LIMIT + 4; i++) {
    await insertIncident(test.db, { impact: 'minor', componentIds });
  }
  return { ...test, componentIds };
}

describe('bounds on the public JSON', () => {
  it.each(['summary.json', 'incidents/unresolved.json'])(
    '%s lists at most the documented number of open incidents, newest first, each with at most the documented number of components',
    async (path) => {
      const { app, componentIds } = await crowdedPage();
      const body = await (await app.request(`/api/v2/${path}`)).json();
      expect(body.incidents).toHaveLength(OPEN_INCIDENTS_SERVED_LIMIT);
      expect(body.incidents.every((incident: { impact: string }) => incident.impact === 'minor')).toBe(true);
      for (const incident of body.incidents) {
        expect(incident.components.map((component: { id: string }) => component.id)).toEqual(
          componentIds.slice(0, COMPONENTS_PER_INCIDENT_LIMIT),
        );
      }
    },
  );

  it.each(['summary.json', 'status.json'])(
    '%s still reports the worst open incident when it is beyond the cap',
    async (path) => {
      const { app } = await crowdedPage();
      const body = await (await app.request(`/api/v2/${path}`)).json();
      expect(body.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    },
  );

  it('incidents.json bounds the components listed in each incident too', async () => {
    const { app } = await crowdedPage();
    const body = await (await app.request('/api/v2/incidents.json')).json();
    expect(body.incidents.length).toBeGreaterThan(OPEN_INCIDENTS_SERVED_LIMIT);
    for (const incident of body.incidents) {
      expect(incident.components).toHaveLength(COMPONENTS_PER_INCIDENT_LIMIT);
    }
  });
});
