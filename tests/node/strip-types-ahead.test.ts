// `npm start` preloads api/strip-types-ahead.mjs so that Node's type-stripping compiler (about 20 MB
// for the life of the process) never loads into the server: its modules arrive as JavaScript.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startCommandArguments } from '../support/start-command.ts';

// Loads the whole server (the app and the Node entry's modules, without starting it) with the
// flags of `npm start`, or without its preload, and reports whether Node loaded its stripper.
function loadServerModules(withPreload: boolean): { amaro: boolean; stderr: string; status: number | null } {
  const flags = startCommandArguments().slice(0, -1); // all but the entry point
  const preload = flags.indexOf('--import');
  if (!withPreload) flags.splice(preload, 2);
  const script = `
    await import('./api/app.ts');
    await import('./api/node-server.ts');
    console.log(JSON.stringify(process.moduleLoadList.some((name) => name.includes('amaro'))));`;
  const child = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  return { amaro: JSON.parse(child.stdout.trim() || 'null'), stderr: child.stderr, status: child.status };
}

describe('stripping types ahead of start', () => {
  it('is part of npm start', () => {
    expect(startCommandArguments()).toEqual(
      expect.arrayContaining(['--import', './api/strip-types-ahead.mjs', 'api/node.ts']),
    );
  });

  it("keeps Node's TypeScript compiler out of the server, silently", () => {
    const preloaded = loadServerModules(true);
    expect(preloaded).toEqual({ amaro: false, stderr: '', status: 0 });
    // Without it, Node loads the compiler: the check above is not vacuous.
    expect(loadServerModules(false)).toMatchObject({ amaro: true, status: 0 });
  });
});
