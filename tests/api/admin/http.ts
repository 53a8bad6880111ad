import type { TestApp } from '../../support/app.ts';

// Small helpers over TestApp.admin for reading JSON answers in tests. Answers are read loosely
// (`any`): each test asserts the very fields it reads, which is the check a type would give.

// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = any;

export interface JsonAnswer<T = Loose> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends an admin request (bootstrap token) and parses the answer (null when it has no body). */
export async function call<T = Loose>(
  t: TestApp,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonAnswer<T>> {
  const response = await t.admin(method, path, body);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** Sends a request with the given headers and raw body, without the bootstrap token. */
export async function rawCall(
  t: TestApp,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: BodyInit } = {},
): Promise<JsonAnswer> {
  const response = await t.app.request(path, { method, ...init });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** The JSON pointers of a problem's field errors. */
export function pointersOf(problem: { errors?: Array<{ pointer: string }> }): string[] {
  return (problem.errors ?? []).map((error) => error.pointer).sort();
}
