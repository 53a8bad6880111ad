// The real build child, stopped by its time limit: the wiring from runAstroBuild to the kill.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAstroBuild } from '../../api/jobs/astro-build.ts';
import { ChildTimeoutError } from '../../api/jobs/run-child.ts';
import { createTestDatabase } from '../support/database.ts';

describe('runAstroBuild', () => {
  it('stops a build that runs past its time limit and leaves no scratch folder behind', async () => {
    const { url, dir } = await createTestDatabase();
    const cacheDir = join(dir, 'cache');
    const started = performance.now();
    const build = runAstroBuild({ databaseUrl: url, outDir: join(dir, 'out'), cacheDir, timeoutMs: 200 });
    await expect(build).rejects.toBeInstanceOf(ChildTimeoutError);
    expect(performance.now() - started).toBeLessThan(10_000);
    // Only the link to the project's modules stays: the build's own scratch folder is gone.
    expect(await readdir(join(cacheDir, 'scratch'))).toEqual(['node_modules']);
  }, 30_000);
});
