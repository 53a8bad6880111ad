import type {
  Component,
  ComponentGroup,
  ComponentStatus,
  IncidentImpact,
  IncidentStatus,
  IncidentUpdate,
  IncidentWithDetails,
  Page,
} from '../../db/types.ts';
import { postmortemMarkdown } from '../../site/lib/postmortem.ts';
import { publicNextUpdateAt } from '../cadence/policy.ts';
import { worstComponentStatus } from './page-status.ts';

// Domain → Statuspage v2 objects. Pure functions, shared by the public API, the site's live script
// and webhooks. Key order is the order Statuspage itself serialises (checked against payloads
// captured from githubstatus.com, cloudflarestatus.com and status.payfast.io), so that a diff
// against a Statuspage page shows values, not reshuffled keys. Clients never depend on the order.

export { formatPageStatus, type StatusIndicator, type V2Status } from './page-status.ts';

export interface V2Page {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface V2Component {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Only on group rows: the ids of the group's components, in display order. */
  components?: string[];
}

export interface V2AffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface V2IncidentUpdate {
  id: string;
  status: IncidentStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: V2AffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface V2Incident {
  id: string;
  name: string;
  status: IncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: IncidentImpact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: V2IncidentUpdate[];
  components: V2Component[];
  impact_override: null;
  metadata: Record<string, never>;
  scheduled_for: null;
  scheduled_until: null;
  /** The published post-mortem (markdown, its action items included), as Statuspage serves it. */
  postmortem_body: string | null;
  postmortem_published_at: string | null;
  /**
   * Candor's extension, after every standard key: when the next public update is due (null once
   * resolved, or when the page makes no such promise). See README, "Update cadence and reminders".
   */
  next_update_at: string | null;
}

/** `updated_at` is the moment the data last changed, or the page row's own time before any change. */
export function formatPage(page: Page, dataChangedAt: string | null): V2Page {
  return {
    id: page.id,
    name: page.name,
    url: page.url,
    time_zone: page.time_zone,
    updated_at: dataChangedAt ?? page.updated_at,
  };
}

export function formatComponent(component: Component, pageId: string): V2Component {
  return {
    id: component.id,
    name: component.name,
    status: component.status,
    created_at: component.created_at,
    updated_at: component.updated_at,
    position: component.position,
    description: component.description,
    showcase: component.showcase,
    start_date: component.start_date,
    group_id: component.group_id,
    page_id: pageId,
    group: false,
    only_show_if_degraded: component.only_show_if_degraded,
  };
}

/** A group as Statuspage lists it: a component row with `group: true`, the worst status of its children. */
export function formatGroup(
  group: ComponentGroup,
  children: readonly Component[],
  pageId: string,
): V2Component {
  return {
    id: group.id,
    name: group.name,
    status: worstComponentStatus(children.map((child) => child.status)),
    created_at: group.created_at,
    updated_at: group.updated_at,
    position: group.position,
    description: group.description,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: pageId,
    group: true,
    only_show_if_degraded: false,
    components: children.map((child) => child.id),
  };
}

const byPosition = (a: { position: number; name: string }, b: { position: number; name: string }) =>
  a.position - b.position || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Every component and every group, in display order: top-level rows (groups and ungrouped
 * components) by position, each group row followed by its children by position.
 */
export function formatComponents(
  groups: readonly ComponentGroup[],
  components: readonly Component[],
  pageId: string,
): V2Component[] {
  const groupIds = new Set(groups.map((group) => group.id));
  const childrenOf = new Map<string, Component[]>();
  const topLevel: (ComponentGroup | Component)[] = [...groups];
  for (const component of components) {
    // A component whose group is missing is still listed, as an ungrouped one.
    if (component.group_id !== null && groupIds.has(component.group_id)) {
      const siblings = childrenOf.get(component.group_id) ?? [];
      siblings.push(component);
      childrenOf.set(component.group_id, siblings);
    } else topLevel.push(component);
  }
  const rows: V2Component[] = [];
  for (const item of topLevel.sort(byPosition)) {
    if ('status' in item) {
      rows.push({ ...formatComponent(item, pageId), group_id: null });
      continue;
    }
    const children = (childrenOf.get(item.id) ?? []).sort(byPosition);
    rows.push(formatGroup(item, children, pageId));
    for (const child of children) rows.push(formatComponent(child, pageId));
  }
  return rows;
}

export function formatIncidentUpdate(update: IncidentUpdate): V2IncidentUpdate {
  return {
    id: update.id,
    status: update.status,
    body: update.body,
    incident_id: update.incident_id,
    created_at: update.created_at,
    updated_at: update.updated_at,
    display_at: update.display_at,
    affected_components:
      update.affected_components?.map(({ code, name, old_status, new_status }) => ({
        code,
        name,
        old_status,
        new_status,
      })) ?? null,
    deliver_notifications: update.deliver_notifications,
    custom_tweet: null,
    tweet_id: null,
  };
}

/** The incident's public address: `<page url>/incidents/<id>/`, however the page url ends. */
export function incidentShortlink(pageUrl: string, incidentId: string): string {
  return `${pageUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(incidentId)}/`;
}

/**
 * An incident with its updates (newest first, as given) and its affected components as full
 * component objects. `components` is the page's formatted component list, whose order they keep;
 * at most `maxComponents` of them are listed.
 */
export function formatIncident(
  incident: IncidentWithDetails,
  page: Page,
  components: readonly V2Component[],
  maxComponents = Number.POSITIVE_INFINITY,
): V2Incident {
  const affected = new Set(incident.component_ids);
  const listed: V2Component[] = [];
  for (const component of components) {
    if (listed.length >= maxComponents) break;
    if (!component.group && affected.has(component.id)) listed.push(component);
  }
  return {
    id: incident.id,
    name: incident.name,
    status: incident.status,
    created_at: incident.created_at,
    updated_at: incident.updated_at,
    monitoring_at: incident.monitoring_at,
    resolved_at: incident.resolved_at,
    impact: incident.impact,
    shortlink: incidentShortlink(page.url, incident.id),
    started_at: incident.started_at,
    page_id: page.id,
    incident_updates: incident.incident_updates.map(formatIncidentUpdate),
    components: listed,
    impact_override: null,
    metadata: {},
    scheduled_for: null,
    scheduled_until: null,
    postmortem_body: incident.postmortem ? postmortemMarkdown(incident.postmortem) : null,
    postmortem_published_at: incident.postmortem?.published_at ?? null,
    next_update_at: publicNextUpdateAt(incident, page),
  };
}
