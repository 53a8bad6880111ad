import type { Context } from 'hono';
import { z } from 'zod';
import { INCIDENT_IMPACTS } from '../../db/types.ts';
import { ApiError } from '../problem.ts';
import { readJsonBody, readLimitedText, validateInput } from '../validation.ts';

export const MinImpact = z.enum(INCIDENT_IMPACTS).default('none');

const TargetIds = z
  .array(z.string().regex(/^(cmp|grp)_[a-z0-9]{1,40}$/, 'Not a component or group id.'))
  .max(500);

const followed = (ids: string[] | null | undefined) => (ids && ids.length > 0 ? [...new Set(ids)] : null);

/** Component and group ids; none given (or an empty list) = the whole page. */
export const Targets = TargetIds.optional().transform(followed);

/** A change of targets: absent leaves them; `null` or an empty list = the whole page. */
export const TargetsChange = TargetIds.nullable()
  .optional()
  .transform((ids) => (ids === undefined ? undefined : followed(ids)));

export const SubscribeBody = z.strictObject({
  email: z.string().trim().max(254).pipe(z.email('Not an email address.')),
  components: Targets,
  min_impact: MinImpact,
});
export type SubscribeBody = z.output<typeof SubscribeBody>;

export const PreferencesBody = z.object({ token: z.string(), components: Targets, min_impact: MinImpact });

/** Did this request come from an HTML form (and so wants an HTML answer)? */
export function isFormPost(c: Context): boolean {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded';
}

/**
 * A form's fields as an object: repeated `components` collect into an array, every other field
 * keeps its first value. An empty `email` stays empty so that validation names it.
 */
export async function readFormFields(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('Content-Type') ?? '';
  const text = await readLimitedText(c.req.raw);
  // RFC 8058 lets a mail client send its one-click POST as multipart/form-data.
  const params = type.toLowerCase().startsWith('multipart/form-data')
    ? await new Response(text, { headers: { 'Content-Type': type } }).formData()
    : new URLSearchParams(text);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'components') fields.components = [...((fields.components as string[]) ?? []), value];
    else if (!(key in fields)) fields[key] = value;
  }
  return fields;
}

/** The subscribe request's fields from JSON or from the page's form. */
export async function readSubscribeInput(c: Context): Promise<SubscribeBody> {
  if (isFormPost(c)) {
    const fields = await readFormFields(c);
    // A form sends what the page has; an unknown field from a customised form is not an error.
    const { email, components, min_impact } = fields;
    return validateInput(SubscribeBody, { email, components, min_impact: min_impact || undefined }, 'form');
  }
  const type = c.req.header('Content-Type') ?? '';
  if (type.startsWith('multipart/')) {
    throw new ApiError('unsupported_media_type', 'Send JSON or application/x-www-form-urlencoded.');
  }
  return readJsonBody(c, SubscribeBody);
}
