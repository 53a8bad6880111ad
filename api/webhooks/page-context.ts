// What every webhook body needs to know about the page, read once per event.
import type { Client } from '@libsql/client';
import { listComponentGroups, listComponents } from '../../db/queries/components.ts';
import { listIncidents } from '../../db/queries/incidents.ts';
import { getPage } from '../../db/queries/page.ts';
import type { Page } from '../../db/types.ts';
import {
  formatComponents,
  formatPageStatus,
  type V2Component,
  type V2Status,
} from '../public/statuspage-format.ts';

export interface PageContext {
  page: Page;
  status: V2Status;
  /** The page's components and groups as the v2 JSON lists them. */
  components: V2Component[];
  /** Component id → its group's id, for matching group subscriptions. */
  groupOf: Map<string, string | null>;
}

// The overall status weighs every open incident; no real page has more open at once.
const OPEN_INCIDENTS_LIMIT = 1000;

/** The page as of now, or null before the page exists (nothing can be announced then). */
export async function loadPageContext(db: Client): Promise<PageContext | null> {
  const page = await getPage(db);
  if (!page) return null;
  const [groups, components, open] = await Promise.all([
    listComponentGroups(db),
    listComponents(db),
    listIncidents(db, { limit: OPEN_INCIDENTS_LIMIT, unresolvedOnly: true }),
  ]);
  return {
    page,
    status: formatPageStatus(components, open),
    components: formatComponents(groups, components, page.id),
    groupOf: new Map(components.map((component) => [component.id, component.group_id])),
  };
}
