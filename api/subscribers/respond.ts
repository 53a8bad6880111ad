import type { Client } from '@libsql/client';
import type { Context } from 'hono';
import { getPage } from '../../db/queries/page.ts';
import { type ApiError, problemResponse, statusFor } from '../problem.ts';
import { PAGE_HEADERS, type PageFrame, renderDocument } from './html.ts';
import { invalidInputPage, type Page } from './pages.ts';

/** The status page's name and address, for the header of the API's own pages. */
export async function pageFrame(db: Client): Promise<PageFrame> {
  const page = await getPage(db);
  return { pageName: page?.name ?? 'Status', pageUrl: page?.url ?? '/' };
}

/** An HTML page of the subscriber flow. */
export async function respondWithPage(
  db: Client,
  page: Page,
  status = 200,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = renderDocument(await pageFrame(db), page.title, page.body);
  return new Response(body, { status, headers: { ...PAGE_HEADERS, ...headers } });
}

/**
 * A failure as a browser form should see it: an HTML page with the problem's status and headers
 * (Retry-After included); API clients get the problem document.
 */
export async function respondWithError(
  c: Context,
  db: Client,
  error: ApiError,
  asHtml: boolean,
): Promise<Response> {
  if (!asHtml) return problemResponse(c, error);
  const problems = error.errors ?? [{ pointer: '', detail: error.message }];
  return respondWithPage(db, invalidInputPage(problems), statusFor(error.code), error.headers);
}
