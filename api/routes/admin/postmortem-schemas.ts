import { z } from 'zod';
import {
  ACTION_ITEM_STATUSES,
  type ActionItem,
  type PostmortemVersion,
  type PublishedPostmortem,
} from '../../../db/types.ts';
import { markdownField, nameField } from './text-fields.ts';

// Request and response shapes of the post-mortem routes.

const timestamp = () => z.iso.datetime().describe('ISO-8601 UTC with milliseconds.');

// A calendar date that exists: 2026-02-30 matches the pattern but is refused.
const dueOn = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date as YYYY-MM-DD.')
    .refine((value) => {
      const date = new Date(`${value}T00:00:00.000Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, 'Must be a date that exists.');

export const MAX_ACTION_ITEMS = 100;
export const MAX_COVERED_INCIDENTS = 50;

export const ActionItemSchema: z.ZodType<ActionItem> = z.object({
  title: z.string(),
  status: z.enum(ACTION_ITEM_STATUSES),
  due_on: z.string().nullable().describe('YYYY-MM-DD, or null.'),
});

export const ActionItemInput = z.strictObject({
  title: nameField(300),
  status: z.enum(ACTION_ITEM_STATUSES),
  due_on: dueOn().nullable().default(null).describe('YYYY-MM-DD, or null (the default).'),
});

export const SavePostmortemBody = z.strictObject({
  body: markdownField(50_000).describe(
    'Markdown, up to 50,000 characters; sanitised when shown (page, feeds, emails, the preview).',
  ),
  action_items: z
    .array(ActionItemInput)
    .max(MAX_ACTION_ITEMS)
    .default([])
    .describe('What is being changed, each with its status and due date. Default: none.'),
  incident_ids: z
    .array(z.string().min(1))
    .min(1)
    .max(MAX_COVERED_INCIDENTS)
    .optional()
    .describe(
      'Every incident this post-mortem covers (one root cause), the one in the path included. Default: as saved, or only that one. Once published, an incident stays covered.',
    ),
});

export const PublishPostmortemBody = z
  .strictObject({
    notify: z
      .boolean()
      .default(false)
      .describe('Email and webhook the subscribers of the affected components. Default false.'),
  })
  .default({ notify: false });

const VersionSchema: z.ZodType<Omit<PostmortemVersion, 'body' | 'action_items'>> = z.object({
  version: z.number().int(),
  completed_items: z.array(z.string()).describe('Action items this version marked done (its follow-up).'),
  notified: z.boolean(),
  published_at: timestamp(),
  published_by: z.string().describe('The token id (or bootstrap) that published it.'),
});

export const PostmortemSchema = z.object({
  id: z.string().nullable().describe('pm_…; null until the first save.'),
  state: z.enum(['new', 'draft', 'published']).describe('new: not saved yet, the body is the template.'),
  incident_ids: z.array(z.string()).describe('The incidents it covers, oldest start first.'),
  body: z.string().describe('The draft (markdown).'),
  action_items: z.array(ActionItemSchema),
  published_version: z.number().int().nullable(),
  published_at: timestamp().nullable().describe('The first publication.'),
  last_published_at: timestamp()
    .nullable()
    .describe('The newest version; shown as "updated on" after the first.'),
  unpublished_changes: z.boolean().describe('The draft differs from the newest published version.'),
  urls: z.array(z.string()).describe('Its public pages, one per incident (once published).'),
  versions: z.array(VersionSchema).describe('Oldest first.'),
  created_at: timestamp().nullable(),
  updated_at: timestamp().nullable(),
});

export const PostmortemPreviewSchema = z.object({
  html: z.string().describe('The report as the page will show it: sanitised HTML.'),
});

export const PublishedPostmortemSchema: z.ZodType<PublishedPostmortem> = z.object({
  id: z.string(),
  incident_ids: z.array(z.string()),
  version: z.number().int(),
  body: z.string(),
  action_items: z.array(ActionItemSchema),
  published_at: timestamp(),
  updated_at: timestamp().nullable(),
  follow_ups: z.array(
    z.object({ version: z.number().int(), published_at: timestamp(), completed_items: z.array(z.string()) }),
  ),
});
