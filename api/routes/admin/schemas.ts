import { z } from 'zod';
import { OUTBOX_STATES, type OutboxEntry } from '../../../db/queries/outbox.ts';
import {
  type AdminToken,
  type AffectedComponent,
  type AuditEntry,
  COMPONENT_STATUSES,
  type Component,
  type ComponentGroup,
  type ComponentStatusChange,
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  type IncidentUpdate,
  type Member,
  type Page,
  type SiteBuild,
  TOKEN_SCOPES,
} from '../../../db/types.ts';
import type { AdminIncident } from '../../cadence/policy.ts';
import {
  MaintenanceSchema,
  MaintenanceStatusSchema,
  MaintenanceUpdateSchema,
} from './maintenance-schemas.ts';

import { PublishedPostmortemSchema } from './postmortem-schemas.ts';

// The shapes the admin API returns, for the OpenAPI document. Each is annotated with its domain
// type, so a field added to db/types.ts and missing here is a compile error.

const timestamp = () => z.iso.datetime().describe('ISO-8601 UTC with milliseconds.');
const id = (prefix: string) => z.string().describe(`Prefixed id: ${prefix}_…`);

export const ComponentStatusSchema = z.enum(COMPONENT_STATUSES);
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export const IncidentImpactSchema = z.enum(INCIDENT_IMPACTS);

export const PageSchema: z.ZodType<Page> = z.object({
  id: id('page'),
  name: z.string(),
  url: z.string(),
  time_zone: z.string().describe('IANA time zone, e.g. Europe/Paris.'),
  show_incident_metrics: z
    .boolean()
    .describe('Whether each incident page says how soon and how often it was updated (default false).'),
  logo_url: z.string().nullable().describe("https address of the logo shown beside the page's name."),
  product_url: z.string().nullable().describe('The product the page reports on, linked from the header.'),
  support_url: z.string().nullable().describe('Where readers get help, linked from the header.'),
  created_at: timestamp(),
  updated_at: timestamp(),
  update_cadence_minutes: z
    .object({ critical: z.int(), major: z.int(), minor: z.int(), none: z.int() })
    .describe('Minutes between public updates, by impact.'),
  reminder_lead_minutes: z.int().describe('0: no "update due soon" reminder.'),
  escalation_after_minutes: z.int(),
  escalation_email: z.string().nullable(),
  chat_webhook_url: z.string().nullable(),
  show_next_update: z.boolean(),
  monitoring_watch_minutes: z.int(),
  postmortem_deadline_hours: z.int(),
});

export const ComponentGroupSchema: z.ZodType<ComponentGroup> = z.object({
  id: id('grp'),
  name: z.string(),
  description: z.string().nullable(),
  position: z.int().min(0),
  created_at: timestamp(),
  updated_at: timestamp(),
});

export const ComponentSchema: z.ZodType<Component> = z.object({
  id: id('cmp'),
  group_id: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  position: z.int().min(0).describe('Index within its group (0 first).'),
  status: ComponentStatusSchema,
  showcase: z.boolean(),
  only_show_if_degraded: z.boolean(),
  start_date: z.iso.date().nullable(),
  created_at: timestamp(),
  updated_at: timestamp(),
});

export const ComponentStatusChangeSchema: z.ZodType<ComponentStatusChange> = z.object({
  id: id('csc'),
  component_id: z.string(),
  old_status: ComponentStatusSchema.nullable().describe(
    'Null for the status the component was created with.',
  ),
  new_status: ComponentStatusSchema,
  changed_at: timestamp(),
  incident_update_id: z.string().nullable().describe('The incident update that made the change, if any.'),
});

const AffectedComponentSchema: z.ZodType<AffectedComponent> = z.object({
  code: z.string().describe('The component id.'),
  name: z.string().describe('The component name at the time of the update.'),
  old_status: ComponentStatusSchema,
  new_status: ComponentStatusSchema,
});

export const IncidentUpdateSchema: z.ZodType<IncidentUpdate> = z.object({
  id: id('upd'),
  incident_id: z.string(),
  status: IncidentStatusSchema,
  body: z.string().describe('Markdown.'),
  affected_components: z
    .array(AffectedComponentSchema)
    .nullable()
    .describe('Components whose status this update really changed; null when none.'),
  deliver_notifications: z.boolean(),
  display_at: timestamp(),
  created_at: timestamp(),
  updated_at: timestamp(),
});

export const IncidentSchema: z.ZodType<AdminIncident> = z.object({
  id: id('inc'),
  name: z.string(),
  status: IncidentStatusSchema,
  impact: IncidentImpactSchema,
  started_at: timestamp(),
  monitoring_at: timestamp().nullable().describe('When it was first monitored.'),
  resolved_at: timestamp()
    .nullable()
    .describe('When it was resolved; null while open (cleared on reopening).'),
  created_at: timestamp(),
  updated_at: timestamp(),
  lead: z
    .object({ email: z.string(), name: z.string().nullable() })
    .nullable()
    .describe('Who is reminded when an update is due; null: nobody but the page’s escalation_email.'),
  update_cadence_minutes: z
    .int()
    .nullable()
    .describe("This incident's own cadence; null: the page's cadence for its impact."),
  postmortem_waived_at: timestamp().nullable().describe('When a responder waived its post-mortem.'),
  next_update_at: timestamp()
    .nullable()
    .describe('The latest public update + the cadence of its current impact; null once resolved.'),
  incident_updates: z.array(IncidentUpdateSchema).describe('Newest first.'),
  component_ids: z.array(z.string()).describe('The components linked to the incident.'),
  postmortem: PublishedPostmortemSchema.nullable()
    .optional()
    .describe('Its published post-mortem (the newest version); null until one is published.'),
});

export const AdminTokenSchema: z.ZodType<AdminToken> = z.object({
  id: id('tok'),
  name: z.string(),
  scope: z
    .enum(TOKEN_SCOPES)
    .describe('`admin`: everything. `responder`: incidents, their updates, components and groups only.'),
  expires_at: timestamp().nullable().describe('Refused (401) from this time on; null: never expires.'),
  created_by: z
    .string()
    .nullable()
    .describe('The token that issued it, `bootstrap` or `system`: revoking that token revokes this one.'),
  created_at: timestamp(),
  last_used_at: timestamp().nullable().describe('Updated at most once a minute.'),
  revoked_at: timestamp().nullable(),
  revoked_by: z.string().nullable().describe('Who revoked it: a token id or `bootstrap`.'),
});

export const MemberSchema: z.ZodType<Member> = z.object({
  id: id('mem'),
  email: z.string().describe('Trimmed and lower-cased; where sign-in links are sent.'),
  name: z.string(),
  created_at: timestamp(),
  updated_at: timestamp(),
});

export const AuditEntrySchema: z.ZodType<AuditEntry> = z.object({
  id: z.int().describe('Increasing; use it as `before` to page back.'),
  actor: z
    .string()
    .describe('Who acted: a member (`mem_…`, in the console), an admin token id, `bootstrap`, or `system`.'),
  action: z.string().describe('`<resource>.<verb>`, e.g. incident.post_update.'),
  resource_type: z.string(),
  resource_id: z.string(),
  before: z
    .unknown()
    .describe('Deletions only: the resource as it was, with the rows deleted along with it (keyed by id).'),
  after: z.unknown().describe('Creations only: the resource as created (its rows keyed by id).'),
  changes: z
    .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
    .nullable()
    .describe(
      'Other writes: each changed field or row, by JSON pointer into the resource (e.g. `/name`, `/incident_updates/upd_…`), with its value before and after.',
    ),
  created_at: timestamp(),
});

export const SiteBuildSchema: z.ZodType<SiteBuild> = z.object({
  id: id('bld'),
  status: z.enum(['running', 'succeeded', 'failed']),
  data_version: z.int().describe('The audit entry id the build reflects.'),
  started_at: timestamp(),
  finished_at: timestamp().nullable(),
  duration_ms: z.int().nullable(),
  pages: z.int().nullable(),
  error: z.string().nullable().describe('Why a failed build failed.'),
});

export const OutboxEntrySchema: z.ZodType<OutboxEntry> = z.object({
  id: id('obx'),
  kind: z.string().describe('What the entry does when sent, e.g. `site.publish` (a deploy hook call).'),
  dedupe_key: z.string().describe('Entries with the same key are sent once.'),
  payload: z.unknown(),
  state: z
    .enum(OUTBOX_STATES)
    .describe(
      '`pending` waits (for `available_at`), `sending` is claimed, `sent` is done, `dead` was given up.',
    ),
  attempts: z.int(),
  available_at: timestamp().describe('When the entry is (next) due.'),
  last_error: z.string().nullable().describe('Why the last attempt failed.'),
  created_at: timestamp(),
  sent_at: timestamp().nullable(),
});

/** Component names for the OpenAPI document. */
export const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  Page: PageSchema,
  ComponentGroup: ComponentGroupSchema,
  Component: ComponentSchema,
  ComponentStatus: ComponentStatusSchema,
  ComponentStatusChange: ComponentStatusChangeSchema,
  IncidentStatus: IncidentStatusSchema,
  IncidentImpact: IncidentImpactSchema,
  IncidentUpdate: IncidentUpdateSchema,
  Incident: IncidentSchema,
  AdminToken: AdminTokenSchema,
  Member: MemberSchema,
  AuditEntry: AuditEntrySchema,
  SiteBuild: SiteBuildSchema,
  OutboxEntry: OutboxEntrySchema,
  MaintenanceStatus: MaintenanceStatusSchema,
  MaintenanceUpdate: MaintenanceUpdateSchema,
  Maintenance: MaintenanceSchema,
};
