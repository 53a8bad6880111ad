// What `npm start` runs, from package.json: tests and the benchmark start the server exactly so,
// Node flags and preloaded modules included (they change its memory and its start-up).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The arguments `npm start` gives Node (relative paths: run from PROJECT_ROOT). */
export function startCommandArguments(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== 'node')
    throw new Error(`npm start runs ${command}, not node: update tests/support/start-command.ts`);
  return args;
}
