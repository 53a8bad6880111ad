import { z } from 'zod';
import { ComponentStatusSchema } from './schemas.ts';
import { markdownField } from './text-fields.ts';

// Request fields shared by incidents and their updates.

export const MAX_COMPONENTS_PER_UPDATE = 200;

export const openableStatus = () =>
  z
    .enum(['investigating', 'identified', 'monitoring', 'resolved'])
    .describe(
      'monitoring sets monitoring_at the first time; resolved sets resolved_at, any other status clears it.',
    );

export const message = () =>
  markdownField(20_000).describe(
    'Markdown, up to 20,000 characters, nesting at most 32 levels; sanitised when shown. Refused when it cannot be rendered.',
  );

export const componentsMap = () =>
  z
    .record(z.string().min(1), ComponentStatusSchema)
    .refine(
      (map) => Object.keys(map).length <= MAX_COMPONENTS_PER_UPDATE,
      `At most ${MAX_COMPONENTS_PER_UPDATE} components.`,
    )
    .describe(
      'Component id → its new status, applied in the same transaction and linked to the incident. Every id must exist (else 400 at /components/<id>).',
    );

export const templateId = () =>
  z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'An incident template (tpl_…) filling the fields this request leaves out (title → name, body → message, status, impact, components); the fields given here win.',
    );

/**
 * Without a template_id, the fields a template could give are required, and reported missing
 * together with every other bad field (with one, the route reports what neither gives).
 */
export function requiredWithoutTemplate<S extends z.ZodObject>(schema: S, fields: readonly string[]) {
  return schema.superRefine(
    (value: Record<string, unknown>, context) => {
      if (value.template_id !== undefined) return;
      for (const field of fields) {
        if (value[field] === undefined)
          context.addIssue({ code: 'custom', path: [field], message: 'Required.' });
      }
    },
    // Also when other fields failed: every problem of a body is reported at once.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
}

export const deliverNotifications = () =>
  z.boolean().optional().describe('Whether subscribers are notified of this update (default true).');
