// The 90-day bar as compact SVG: days without trouble share one path per colour, each day with
// trouble is its own <rect> with a <title>. About 1.5 KB per component instead of ~6 KB for 90
// full rects, which keeps the front page inside its weight budget.
import type { ComponentStatus } from '../../db/types.ts';
import { formatDate, formatDuration, formatPercent } from './format.ts';
import { COMPONENT_STATUS_WORDS } from './status.ts';
import type { DayUptime, UptimeSummary } from './uptime.ts';

export const BAR_WIDTH = 3;
export const BAR_GAP = 2;
export const BAR_HEIGHT = 28;

/** Short class per worst status of a day; `bn` is a day without data. */
const DAY_CLASS: Record<ComponentStatus, string> = {
  operational: 'b0',
  under_maintenance: 'b1',
  degraded_performance: 'b2',
  partial_outage: 'b3',
  major_outage: 'b4',
};

// Most severe first: the order a day's title lists its statuses in.
const TROUBLE_ORDER: ComponentStatus[] = [
  'major_outage',
  'partial_outage',
  'degraded_performance',
  'under_maintenance',
];

export interface TroubleDay {
  x: number;
  className: string;
  /** e.g. `3 Nov 2026: major outage 2 h, partial outage 30 min` */
  label: string;
}

export interface UptimeBarModel {
  width: number;
  /** One path per class for the days without trouble. */
  paths: Array<{ className: string; d: string }>;
  troubleDays: TroubleDay[];
  percent: string | null;
  /** The same information as text, for screen readers. */
  summary: string;
}

function describeDay(day: DayUptime, timeZone: string): string {
  const parts = TROUBLE_ORDER.filter((status) => day.durations[status] > 0).map(
    (status) => `${COMPONENT_STATUS_WORDS[status].toLowerCase()} ${formatDuration(day.durations[status])}`,
  );
  return `${dayDate(day, timeZone)}: ${parts.join(', ')}`;
}

// The middle of the day avoids any doubt about which date a DST-shortened day belongs to.
function dayDate(day: DayUptime, timeZone: string): string {
  return formatDate(day.start + (day.end - day.start) / 2, timeZone);
}

export function buildUptimeBar(uptime: UptimeSummary, timeZone: string): UptimeBarModel {
  const calm = new Map<string, string>();
  const troubleDays: TroubleDay[] = [];
  uptime.days.forEach((day, index) => {
    const x = index * (BAR_WIDTH + BAR_GAP);
    if (day.worst !== null && day.worst !== 'operational') {
      troubleDays.push({ x, className: DAY_CLASS[day.worst], label: describeDay(day, timeZone) });
      return;
    }
    const className = day.worst === null ? 'bn' : 'b0';
    calm.set(className, `${calm.get(className) ?? ''}M${x} 0h${BAR_WIDTH}v${BAR_HEIGHT}h-${BAR_WIDTH}z`);
  });
  const percent = uptime.fraction === null ? null : formatPercent(uptime.fraction);
  return {
    width: uptime.days.length * (BAR_WIDTH + BAR_GAP) - BAR_GAP,
    paths: [...calm.entries()].map(([className, d]) => ({ className, d })),
    troubleDays,
    percent,
    summary: summarise(uptime, troubleDays, percent, timeZone),
  };
}

function summarise(
  uptime: UptimeSummary,
  trouble: TroubleDay[],
  percent: string | null,
  timeZone: string,
): string {
  const days = uptime.days.length;
  const sentences = [
    percent === null
      ? `No uptime data for the last ${days} days.`
      : `Uptime over the last ${days} days: ${percent}.`,
  ];
  sentences.push(
    trouble.length
      ? `Days not fully operational: ${trouble.map((day) => day.label).join('; ')}.`
      : 'Every day fully operational.',
  );
  const firstWithData = uptime.days.findIndex((day) => day.worst !== null);
  const first = uptime.days[firstWithData];
  if (firstWithData > 0 && first) sentences.push(`No data before ${dayDate(first, timeZone)}.`);
  return sentences.join(' ');
}
