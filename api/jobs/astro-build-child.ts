// Run by api/jobs/astro-build.ts as a child process: `astro build` of the project at argv[2].
// Through the API rather than the CLI to skip Astro's `sync` step, which writes type definitions
// into `<root>/.astro`: the site needs none of them (it has no content collections), and the
// server must be able to build from a checkout it cannot write (only CANDOR_DATA_DIR is its own).
import { build } from 'astro';

type BuildOptions = NonNullable<Parameters<typeof build>[1]>;

const root = process.argv[2];
if (!root) throw new Error('usage: astro-build-child.ts <project root>');
// `sync` is an option of Astro's builder that the public type does not list.
await build({ root, logLevel: 'warn' }, { sync: false } as BuildOptions);
