// Paths and cache keys of the per-month history pages. A month lists MONTH_PAGE_SIZE incidents per
// page (/history/2026-11/, then /history/2026-11/2/, …), so an incident storm never makes one huge page.
import type { IncidentWithDetails } from '../../db/types.ts';
import { pageCacheKey } from './cache-key.ts';
import type { SiteData } from './data.ts';
import { groupIncidentsByMonth } from './history.ts';

export const MONTH_PAGE_SIZE = 50;

export interface MonthPageProps {
  month: string;
  incidents: IncidentWithDetails[];
  pageName: string;
  timeZone: string;
  /** 1-based. */
  page: number;
  pages: number;
  total: number;
}

export interface MonthPath {
  params: { month: string; page?: string };
  props: MonthPageProps;
  cacheKey: string;
}

/** `/history/2026-11/` for the first page, `/history/2026-11/2/` for the next ones. */
export function monthPagePath(month: string, page = 1): string {
  return page <= 1 ? `/history/${month}/` : `/history/${month}/${page}/`;
}

/** Where in the history an incident of `month` at `index` (newest first) is listed. */
export function monthPageOf(month: string, index: number): string {
  return monthPagePath(month, Math.floor(index / MONTH_PAGE_SIZE) + 1);
}

// Only what a history entry shows, so a new update on an incident does not rebuild its month.
function listedFields(incident: IncidentWithDetails) {
  const { id, name, status, impact, started_at, resolved_at } = incident;
  return { id, name, status, impact, started_at, resolved_at, postmortem: Boolean(incident.postmortem) };
}

// Both month routes list from the same paths: computed once per snapshot of the data.
const monthPathsOfData = new WeakMap<SiteData, MonthPath[]>();

/** Every page of every month with incidents; `first` picks page 1 or the others (two routes). */
function listAllMonthPaths(data: SiteData): MonthPath[] {
  const known = monthPathsOfData.get(data);
  if (known) return known;
  const paths: MonthPath[] = [];
  for (const { key, incidents } of groupIncidentsByMonth(data.incidents, data.timeZone)) {
    const pages = Math.max(1, Math.ceil(incidents.length / MONTH_PAGE_SIZE));
    for (let page = 1; page <= pages; page++) {
      const slice = incidents.slice((page - 1) * MONTH_PAGE_SIZE, page * MONTH_PAGE_SIZE);
      const shared = {
        month: key,
        pageName: data.page.name,
        timeZone: data.timeZone,
        page,
        pages,
        total: incidents.length,
      };
      paths.push({
        params: page === 1 ? { month: key } : { month: key, page: String(page) },
        props: { ...shared, incidents: slice },
        cacheKey: pageCacheKey(data.page, data.timeZone, { ...shared, incidents: slice.map(listedFields) }),
      });
    }
  }
  monthPathsOfData.set(data, paths);
  return paths;
}

/** The first page of each month (site/pages/history/[month].astro). */
export function listMonthPaths(data: SiteData): MonthPath[] {
  return listAllMonthPaths(data).filter((path) => path.props.page === 1);
}

/** The further pages of long months (site/pages/history/[month]/[page].astro). */
export function listMonthMorePaths(data: SiteData): MonthPath[] {
  return listAllMonthPaths(data).filter((path) => path.props.page > 1);
}
