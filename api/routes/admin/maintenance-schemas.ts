import { z } from 'zod';
import {
  MAINTENANCE_STATUSES,
  type MaintenanceUpdate,
  type MaintenanceWithDetails,
} from '../../../db/types.ts';

// The shapes the maintenance routes return, annotated with their domain types.

const timestamp = () => z.iso.datetime().describe('ISO-8601 UTC with milliseconds.');

export const MaintenanceStatusSchema = z
  .enum(MAINTENANCE_STATUSES)
  .describe('scheduled → in_progress (→ verifying) → completed; cancelled after DELETE.');

export const MaintenanceUpdateSchema: z.ZodType<MaintenanceUpdate> = z.object({
  id: z.string().describe('Prefixed id: mup_…'),
  maintenance_id: z.string(),
  status: MaintenanceStatusSchema,
  body: z.string().describe('Markdown.'),
  display_at: timestamp(),
  created_at: timestamp(),
  updated_at: timestamp(),
});

export const MaintenanceSchema: z.ZodType<MaintenanceWithDetails> = z.object({
  id: z.string().describe('Prefixed id: mnt_…'),
  name: z.string(),
  status: MaintenanceStatusSchema,
  scheduled_for: timestamp(),
  scheduled_until: timestamp(),
  auto_start: z.boolean(),
  auto_complete: z.boolean(),
  set_components_under_maintenance: z.boolean(),
  notify: z.boolean(),
  remind_before_minutes: z.array(z.int()).describe('Minutes before scheduled_for, largest first.'),
  revision: z.int().describe('1 for the first window, +1 per reschedule.'),
  window_set_at: timestamp().describe(
    'When the current window was set; reminders already past then are skipped.',
  ),
  started_at: timestamp().nullable(),
  completed_at: timestamp().nullable(),
  cancelled_at: timestamp().nullable(),
  created_at: timestamp(),
  updated_at: timestamp(),
  maintenance_updates: z.array(MaintenanceUpdateSchema).describe('Newest first.'),
  component_ids: z.array(z.string()),
});
