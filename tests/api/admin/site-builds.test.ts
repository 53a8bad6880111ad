import { expect, test } from 'vitest';
import { finishSiteBuild, insertRunningSiteBuild } from '../../../db/queries/site-builds.ts';
import { createTestApp } from '../../support/app.ts';
import { call } from './http.ts';

test('lists site builds newest first, with the error of a failed one, honouring limit', async () => {
  const t = await createTestApp();
  const ok = await insertRunningSiteBuild(t.db, 1, '2026-07-01T00:00:00.000Z');
  await finishSiteBuild(t.db, ok, {
    status: 'succeeded',
    finishedAt: '2026-07-01T00:00:03.000Z',
    durationMs: 3000,
    pages: 12,
  });
  const bad = await insertRunningSiteBuild(t.db, 2, '2026-07-01T00:01:00.000Z');
  await finishSiteBuild(t.db, bad, {
    status: 'failed',
    finishedAt: '2026-07-01T00:01:02.000Z',
    durationMs: 2000,
    error: 'astro exited with code 1',
  });
  const builds = (await call(t, 'GET', '/admin/v1/site/builds')).body;
  expect(builds.map((build: { id: string }) => build.id)).toEqual([bad, ok]);
  expect(builds[0]).toMatchObject({ status: 'failed', error: 'astro exited with code 1', data_version: 2 });
  expect((await call(t, 'GET', '/admin/v1/site/builds?limit=1')).body).toHaveLength(1);
  expect((await call(t, 'GET', '/admin/v1/site/builds?limit=1000')).status).toBe(400);
});
