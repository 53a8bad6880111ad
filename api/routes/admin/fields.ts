import { z } from 'zod';
import { textField } from './text-fields.ts';

// Request field schemas shared by several admin routes.

export const description = () =>
  textField(1000).nullable().describe('Up to 1000 characters; null clears it.');

export const position = () =>
  z
    .int()
    .min(0)
    .max(100_000)
    .describe(
      'Index in the list, 0 first; the items in the way shift by one. A value past the end means the end. Omitted on creation: at the end.',
    );

/** A PATCH body: strict like every body, and with at least one field. */
export function patchBody<S extends z.ZodObject>(schema: S) {
  return schema
    .refine((value) => Object.keys(value).length > 0, {
      message: 'Give at least one field to change.',
      // Only for an otherwise valid body: a body of unknown fields is reported field by field.
      when: (payload) => payload.issues.length === 0,
    })
    .meta({ minProperties: 1 });
}

export const limitQuery = (fallback: number, max: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .describe(`How many to return, newest first (1 to ${max}, default ${fallback}).`);
