import { COMPONENT_STATUSES } from '../db/types.ts';
import type { ApiClient } from './api-client.ts';
import { CliError, EXIT } from './exit-codes.ts';

// Responders name things as they see them on the page: components and templates by name (any
// case) or by id.

interface Named {
  id: string;
  name: string;
}

/** The one item whose id is `ref`, or whose name is `ref` ignoring case; a usage error otherwise. */
export function pickByNameOrId<T extends Named>(items: readonly T[], ref: string, what: string): T {
  const byId = items.find((item) => item.id === ref);
  if (byId) return byId;
  const wanted = ref.trim().toLowerCase();
  const matches = items.filter((item) => item.name.trim().toLowerCase() === wanted);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    const ids = matches.map((item) => item.id).join(', ');
    throw new CliError(
      EXIT.usage,
      `Several ${what}s are named ${JSON.stringify(ref)}: give the id (${ids}).`,
    );
  }
  const known = items.map((item) => item.name).join(', ') || 'none';
  throw new CliError(EXIT.usage, `No ${what} has the name or id ${JSON.stringify(ref)} (known: ${known}).`);
}

/** `NAME=STATUS` → [name, status]; the name may itself hold `=`. */
export function parseComponentAssignment(value: string): [string, string] {
  const at = value.lastIndexOf('=');
  const name = value.slice(0, at).trim();
  const status = value.slice(at + 1).trim();
  if (at < 0 || !name)
    throw new CliError(EXIT.usage, `--component takes NAME=STATUS (got ${JSON.stringify(value)}).`);
  if (!(COMPONENT_STATUSES as readonly string[]).includes(status)) {
    throw new CliError(
      EXIT.usage,
      `Unknown component status ${JSON.stringify(status)}: use one of ${COMPONENT_STATUSES.join(', ')}.`,
    );
  }
  return [name, status];
}

/** The components map the API takes, from `NAME=STATUS` options; undefined when none is given. */
export async function resolveComponents(
  api: ApiClient,
  assignments: readonly string[],
): Promise<Record<string, string> | undefined> {
  if (assignments.length === 0) return undefined;
  const parsed = assignments.map(parseComponentAssignment);
  const components = await api<Named[]>('GET', '/components');
  return Object.fromEntries(
    parsed.map(([ref, status]) => [pickByNameOrId(components, ref, 'component').id, status]),
  );
}

export async function resolveComponentId(api: ApiClient, ref: string): Promise<string> {
  return pickByNameOrId(await api<Named[]>('GET', '/components'), ref, 'component').id;
}
