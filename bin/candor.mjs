#!/usr/bin/env node
// The `candor` command. It is written in TypeScript (cli/), which Node runs as it is from 22.18
// and 23.6 on (type stripping). `npx candor` runs whichever `node` comes first on the PATH; where
// that one cannot strip types (the Node 20 of many systems), this re-runs the command on the
// Node 24 the project installs as a dependency, so both work without a build step.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../cli/run.ts', import.meta.url));

if (process.features.typescript) {
  await import(entry);
} else {
  let bundledNode;
  try {
    bundledNode = join(dirname(createRequire(import.meta.url).resolve('node/package.json')), 'bin', 'node');
  } catch {
    process.stderr.write(
      `candor: Node ${process.versions.node} cannot run TypeScript and the project's own Node is missing: run npm install, or use Node 22.18 or later.\n`,
    );
    process.exit(2);
  }
  const child = spawn(bundledNode, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`candor: cannot start ${bundledNode}: ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}
