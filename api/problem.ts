import type { Context } from 'hono';

// One error type for the whole API. The set of codes is closed: adding one without a status in
// statusFor() is a compile error, so no error can leave the API without a defined HTTP status.
export type ApiErrorCode =
  | 'invalid_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'
  | 'unavailable';

export interface FieldError {
  /** JSON pointer to the offending field, e.g. `/components/cmp_x`. */
  pointer: string;
  detail: string;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ApiErrorCode,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

export function statusFor(
  code: ApiErrorCode,
): 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503 {
  switch (code) {
    case 'invalid_request':
    case 'validation_failed':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'method_not_allowed':
      return 405;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'unavailable':
      return 503;
  }
}

const TITLES: Record<ApiErrorCode, string> = {
  invalid_request: 'Invalid request',
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  unavailable: 'Service unavailable',
};

/** Renders an error as an RFC 9457 problem document. */
export function problemResponse(c: Context, error: ApiError): Response {
  const status = statusFor(error.code);
  const body: Record<string, unknown> = {
    type: `/problems/${error.code}`,
    title: TITLES[error.code],
    status,
    detail: error.message,
    instance: new URL(c.req.url).pathname,
  };
  if (error.errors) body.errors = error.errors;
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...error.headers },
  });
}
