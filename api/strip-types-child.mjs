// Run by api/strip-types-ahead.mjs in a process of its own: writes to stdout a JSON object of every
// TypeScript module below the folders given, by file URL, as JavaScript (Node's own type
// stripping, module.stripTypeScriptTypes), then exits, taking the compiler's memory with it. A file
// it cannot strip (a syntax error, a construct that needs more than stripping) is left out and
// named: Node strips it on import, and reports the error then if it is one.
import { readdirSync, readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @type {Record<string, string>} */
const modules = {};
for (const folder of process.argv.slice(2)) {
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    try {
      modules[pathToFileURL(path).href] = stripTypeScriptTypes(readFileSync(path, 'utf8'));
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      console.warn(`Not stripped ahead, left to Node: ${path}: ${reason}`);
    }
  }
}
process.stdout.write(JSON.stringify(modules));
