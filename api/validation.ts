import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, type FieldError } from './problem.ts';
import { toJsonPointer } from './services/errors.ts';

/** Admin request bodies are small documents; anything larger is refused before it is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (max = MAX_BODY_BYTES) =>
  new ApiError('payload_too_large', `The body is larger than ${max / 1024} KB.`);

function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

// Content-Length may be absent (chunked) or wrong, so the stream itself is counted too.
export async function readLimitedText(request: Request, max = MAX_BODY_BYTES): Promise<string> {
  if (Number(request.headers.get('Content-Length') ?? 0) > max) throw tooLarge(max);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    total += read.value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('invalid_request', 'The body is not valid UTF-8.');
  }
}

/** Zod issues as field errors: one per issue, and one per key for unknown keys. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: toJsonPointer([...path, key]), detail: 'Unknown field.' }));
    }
    return [{ pointer: toJsonPointer(path), detail: issue.message }];
  });
}

// A missing field otherwise reads "expected string, received undefined".
const errorMap = (issue: { code?: string; input?: unknown }) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'Required.' : undefined;

/** Validates a value against a schema; a 400 problem naming every bad field when it fails. */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value, { error: errorMap });
  if (result.success) return result.data;
  throw new ApiError('validation_failed', `The ${what} has invalid fields; nothing was changed.`, {
    errors: toFieldErrors(result.error.issues),
  });
}

/**
 * Reads and validates a JSON body: 415 unless it is declared JSON, 413 above MAX_BODY_BYTES,
 * 400 when it is not JSON or does not match the schema.
 */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  if (!isJsonMediaType(c.req.header('Content-Type'))) {
    throw new ApiError(
      'unsupported_media_type',
      'Send the body as JSON, with Content-Type: application/json.',
    );
  }
  const text = await readLimitedText(c.req.raw);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_request', 'The body is not valid JSON.');
  }
  return validateInput(schema, value, 'request body');
}

/**
 * Validates the query string (a repeated parameter counts once). Pointers name the parameter,
 * e.g. `/limit`.
 */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return validateInput(schema, c.req.query(), 'query string');
}
