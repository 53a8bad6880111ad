import type { Client, InStatement } from '@libsql/client';

// Services report failures in domain terms; the admin routes turn them into HTTP problems.

export type ServiceErrorKind = 'not_found' | 'conflict' | 'invalid';

export interface FieldProblem {
  /** JSON pointer into the input, e.g. `/components/cmp_x`. */
  pointer: string;
  detail: string;
}

export class ServiceError extends Error {
  readonly kind: ServiceErrorKind;
  readonly fields: FieldProblem[] | undefined;

  constructor(kind: ServiceErrorKind, detail: string, fields?: FieldProblem[]) {
    super(detail);
    this.name = 'ServiceError';
    this.kind = kind;
    this.fields = fields;
  }
}

/** A JSON pointer (RFC 6901) from path segments: `~` and `/` inside a segment are escaped. */
export function toJsonPointer(segments: ReadonlyArray<string | number>): string {
  return segments
    .map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

/** The value, or a not_found error when it is null. */
export function requireFound<T>(value: T | null, detail: string): T {
  if (value === null) throw new ServiceError('not_found', detail);
  return value;
}

function isConstraintViolation(error: unknown, kind: 'UNIQUE' | 'FOREIGN KEY'): boolean {
  return error instanceof Error && error.message.includes(`${kind} constraint failed`);
}

/**
 * Runs a write's statements as one atomic batch. A unique violation becomes a conflict with
 * `duplicateDetail`; a foreign-key violation (a row referred to vanished or gained dependants
 * between the checks and the write) becomes a conflict too, since retrying may succeed.
 */
export async function runWriteBatch(
  db: Client,
  statements: InStatement[],
  messages: { duplicate?: string; reference?: string } = {},
): Promise<void> {
  try {
    await db.batch(statements, 'write');
  } catch (error) {
    if (isConstraintViolation(error, 'UNIQUE')) {
      throw new ServiceError('conflict', messages.duplicate ?? 'A record with these values already exists.');
    }
    if (isConstraintViolation(error, 'FOREIGN KEY')) {
      throw new ServiceError(
        'conflict',
        messages.reference ?? 'A record this change refers to was changed meanwhile; retry.',
      );
    }
    throw error;
  }
}
