import { main } from './main.ts';

// The process around `main`: real environment, streams and clock, and the exit code.
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => Date.now(),
});
