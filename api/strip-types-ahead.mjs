// Loaded by `npm start` (`node --import ./api/strip-types-ahead.mjs api/node.ts`) before the server's
// TypeScript. Node strips types itself, with a WebAssembly compiler that stays in memory for the
// life of the process (about 20 MB of the server's ~140 MB). Here the server's sources are stripped
// once, by the very same function, in a short-lived child process, and handed to Node's module
// loader already as JavaScript, so the compiler is never loaded into the server.
//
// Same bytes as Node's own stripping (types become blanks, so stack traces keep their lines and
// columns). If the child fails, nothing is registered and Node strips the files as usual.
import { execFileSync } from 'node:child_process';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const STRIPPER = fileURLToPath(new URL('./strip-types-child.mjs', import.meta.url));
// Set for the child: were this module preloaded through NODE_OPTIONS, the child would preload it
// too and start a child of its own, without end.
const IN_CHILD = 'CANDOR_STRIPPING_TYPES';
// The folders whose modules the server loads; anything else is stripped by Node when imported.
const FOLDERS = ['../api/', '../db/', '../emails/', '../site/lib/'].map((folder) =>
  fileURLToPath(new URL(folder, import.meta.url)),
);

/** @returns {Map<string, string> | undefined} JavaScript by module URL; undefined when it could not strip. */
function stripAhead() {
  try {
    const json = execFileSync(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', STRIPPER, ...FOLDERS],
      {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, [IN_CHILD]: '1' },
      },
    );
    return new Map(Object.entries(JSON.parse(json)));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.warn(`Could not strip types ahead (${reason}); Node strips them as it loads each module.`);
    return undefined;
  }
}

const stripped = process.env[IN_CHILD] ? undefined : stripAhead();
if (stripped) {
  registerHooks({
    load(url, context, nextLoad) {
      const source = stripped.get(url);
      if (source === undefined) return nextLoad(url, context);
      // Each module is loaded once: its source need not stay in memory after.
      stripped.delete(url);
      return { format: 'module', source, shortCircuit: true };
    },
  });
}
