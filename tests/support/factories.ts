import type { Client } from '@libsql/client';
import { issueAdminToken } from '../../api/services/admin-tokens.ts';
import { type CreateComponentGroupInput, createComponentGroup } from '../../api/services/component-groups.ts';
import { type CreateComponentInput, createComponent } from '../../api/services/components.ts';
import type { ServiceContext } from '../../api/services/context.ts';
import { type CreateIncidentInput, createIncident } from '../../api/services/incidents.ts';
import type { Component, ComponentGroup, IncidentWithDetails } from '../../db/types.ts';

// Test data with unique defaults: every call gives names no other call gives, so tests never
// collide on unique constraints, and each test states only the fields it is about.

let sequence = 0;
const unique = (label: string) => {
  sequence += 1;
  return `${label} ${sequence}`;
};

/** A service context: actor `test`, now = the wall clock unless given. */
export function testContext(overrides: Partial<ServiceContext> = {}): ServiceContext {
  return { actor: 'test', now: new Date().toISOString(), ...overrides };
}

export function componentInput(overrides: Partial<CreateComponentInput> = {}): CreateComponentInput {
  return { name: unique('Component'), ...overrides };
}

export function groupInput(overrides: Partial<CreateComponentGroupInput> = {}): CreateComponentGroupInput {
  return { name: unique('Group'), ...overrides };
}

export function incidentInput(overrides: Partial<CreateIncidentInput> = {}): CreateIncidentInput {
  return {
    name: unique('Incident'),
    status: 'investigating',
    impact: 'minor',
    message: 'We are looking into it.',
    ...overrides,
  };
}

export function makeComponent(
  db: Client,
  overrides: Partial<CreateComponentInput> = {},
  ctx: ServiceContext = testContext(),
): Promise<Component> {
  return createComponent(db, componentInput(overrides), ctx);
}

export function makeGroup(
  db: Client,
  overrides: Partial<CreateComponentGroupInput> = {},
  ctx: ServiceContext = testContext(),
): Promise<ComponentGroup> {
  return createComponentGroup(db, groupInput(overrides), ctx);
}

export function makeIncident(
  db: Client,
  overrides: Partial<CreateIncidentInput> = {},
  ctx: ServiceContext = testContext(),
): Promise<IncidentWithDetails> {
  return createIncident(db, incidentInput(overrides), ctx);
}

export async function makeAdminToken(db: Client, name = unique('Token')): Promise<string> {
  return (await issueAdminToken(db, { name }, testContext())).token;
}

/** Row counts of the given tables, to show that a refused request changed nothing. */
export async function countRows(db: Client, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await db.execute(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(result.rows[0]?.n);
  }
  return counts;
}

export const ALL_TABLES = [
  'page',
  'component_groups',
  'components',
  'component_status_changes',
  'incidents',
  'incident_updates',
  'incident_components',
  'admin_tokens',
  'audit_log',
] as const;
