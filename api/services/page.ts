import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  getPage,
  insertPageIfMissing,
  type PageLinks,
  type PageSettings,
  updatePageFields,
} from '../../db/queries/page.ts';
import type { Page } from '../../db/types.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';

export type PageDefaults = PageSettings;
export type UpdatePageInput = Partial<PageSettings & PageLinks>;

const NOT_SET_UP = 'The page has not been set up yet: the server creates it at its first start.';

/**
 * Creates the page with `defaults` unless it exists (the server calls this at every start), and
 * returns it. Only a real creation writes, and is audited with actor `system`.
 */
export async function ensurePage(db: Client, defaults: PageDefaults, now: string): Promise<Page> {
  const existing = await getPage(db);
  if (existing) return existing;
  const id = newId('page');
  const target: AuditTarget = {
    actor: 'system',
    action: 'page.create',
    resourceType: 'page',
    resourceId: id,
    now,
  };
  // Conditional twice over: two first starts racing each other still create one page and one entry.
  const missing = 'NOT EXISTS (SELECT 1 FROM page)';
  await runWriteBatch(db, withAuditEntry(target, [insertPageIfMissing({ ...defaults, id, now })], missing));
  return requireFound(await getPage(db), NOT_SET_UP);
}

/**
 * What a start (or `npm run migrate`) does with the configuration: creates the page if missing,
 * and applies a changed CANDOR_PUBLIC_URL, which must reach links and feeds. `publicUrl` unset
 * means "not configured": the page keeps its address.
 */
export async function applyPageConfiguration(
  db: Client,
  config: { defaults: PageDefaults; publicUrl: string | undefined },
  now: string,
): Promise<Page> {
  const page = await ensurePage(
    db,
    { ...config.defaults, url: config.publicUrl ?? config.defaults.url },
    now,
  );
  if (!config.publicUrl || page.url === config.publicUrl) return page;
  return updatePage(db, { url: config.publicUrl }, { actor: 'config', now });
}

/** Changes the page's name, url, time zone and/or header links. */
export async function updatePage(db: Client, input: UpdatePageInput, ctx: ServiceContext): Promise<Page> {
  const page = await getPage(db);
  if (!page) throw new ServiceError('not_found', NOT_SET_UP);
  const target: AuditTarget = {
    actor: ctx.actor,
    action: 'page.update',
    resourceType: 'page',
    resourceId: page.id,
    now: ctx.now,
  };
  const change = updatePageFields({ id: page.id, now: ctx.now, ...pick(input) });
  await runWriteBatch(db, withAuditEntry(target, [change]));
  return requireFound(await getPage(db), NOT_SET_UP);
}

function pick(input: UpdatePageInput): UpdatePageInput {
  return {
    name: input.name,
    url: input.url,
    time_zone: input.time_zone,
    logo_url: input.logo_url,
    product_url: input.product_url,
    support_url: input.support_url,
  };
}
