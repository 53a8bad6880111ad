import type { Client } from '@libsql/client';
import { newId } from '../../db/ids.ts';
import { type AuditTarget, withAuditEntry } from '../../db/queries/audit-log.ts';
import {
  getPage,
  insertPageIfMissing,
  type PageLinks,
  type PageOptions,
  type PageSettings,
  updatePageFields,
} from '../../db/queries/page.ts';
import type { CadenceSettings, Page, UpdateCadenceMinutes } from '../../db/types.ts';
import { checkWebhookTarget, STRICT_POLICY, type TargetPolicy } from '../webhooks/target-guard.ts';
import type { ServiceContext } from './context.ts';
import { requireFound, runWriteBatch, ServiceError } from './errors.ts';

export type PageDefaults = PageSettings;
export type UpdatePageInput = Partial<PageSettings & PageOptions & PageLinks> &
  Partial<Omit<CadenceSettings, 'update_cadence_minutes'>> & {
    /** Merged into the page's cadence: impacts left out keep theirs. */
    update_cadence_minutes?: Partial<UpdateCadenceMinutes> | undefined;
  };

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

/**
 * Changes the page's settings. A chat webhook URL must pass the webhooks' SSRF rules under
 * `policy` (strict unless given).
 */
export async function updatePage(
  db: Client,
  input: UpdatePageInput,
  ctx: ServiceContext,
  policy: TargetPolicy = STRICT_POLICY,
): Promise<Page> {
  const page = await getPage(db);
  if (!page) throw new ServiceError('not_found', NOT_SET_UP);
  if (input.chat_webhook_url) {
    const problem = await checkWebhookTarget(input.chat_webhook_url, policy);
    if (problem) {
      throw new ServiceError('invalid', 'The chat webhook cannot be saved.', [
        { pointer: '/chat_webhook_url', detail: `The chat webhook URL ${problem}` },
      ]);
    }
  }
  const target: AuditTarget = {
    actor: ctx.actor,
    action: 'page.update',
    resourceType: 'page',
    resourceId: page.id,
    now: ctx.now,
  };
  const cadence = input.update_cadence_minutes && {
    ...page.update_cadence_minutes,
    ...input.update_cadence_minutes,
  };
  const change = updatePageFields({
    id: page.id,
    now: ctx.now,
    ...pick(input),
    update_cadence_minutes: cadence,
  });
  await runWriteBatch(db, withAuditEntry(target, [change]));
  return requireFound(await getPage(db), NOT_SET_UP);
}

function pick(input: UpdatePageInput): Omit<UpdatePageInput, 'update_cadence_minutes'> {
  return {
    name: input.name,
    url: input.url,
    time_zone: input.time_zone,
    reminder_lead_minutes: input.reminder_lead_minutes,
    escalation_after_minutes: input.escalation_after_minutes,
    escalation_email: input.escalation_email,
    chat_webhook_url: input.chat_webhook_url,
    show_next_update: input.show_next_update,
    monitoring_watch_minutes: input.monitoring_watch_minutes,
    postmortem_deadline_hours: input.postmortem_deadline_hours,
    show_incident_metrics: input.show_incident_metrics,
    logo_url: input.logo_url,
    product_url: input.product_url,
    support_url: input.support_url,
  };
}
