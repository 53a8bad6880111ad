// The 90-day bar as compact SVG: each run of days without trouble is one dashed line (a 3-unit dash
// per day, every 5 units; the dash pattern restarts at each run), each day with trouble is its own
// <rect> with a <title>. A fully calm bar is one short path, which keeps the front page inside
// its weight budget.
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
  /** The first day with data when it is not the bar's first day (the component is younger). */
  since: string | null;
}

function describeDay(day: DayUptime, timeZone: string): string {
  const parts = TROUBLE_ORDER.filter((status) => day.durations[status] > 0).map(
    (status) => `${COMPONENT_STATUS_WORDS[status].toLowerCase()} ${formatDuration(day.durations[status])}`,
  );
  return `${dayDate(day, timeZone)}: ${parts.join(', ')}`;
}

/** `30 Nov` */
function dayMonth(day: DayUptime, timeZone: string): string {
  return dayDate(day, timeZone).replace(/ \d{4}$/, '');
}

// The middle of the day avoids any doubt about which date a DST-shortened day belongs to.
function dayDate(day: DayUptime, timeZone: string): string {
  return formatDate(day.start + (day.end - day.start) / 2, timeZone);
}

export function buildUptimeBar(uptime: UptimeSummary, timeZone: string): UptimeBarModel {
  const calm = new Map<string, string>();
  const troubleDays: TroubleDay[] = [];
  const step = BAR_WIDTH + BAR_GAP;
  let run: { className: string; from: number; days: number } | null = null;
  const endRun = () => {
    if (!run) return;
    const d = `M${run.from * step} ${BAR_HEIGHT / 2}h${run.days * step - BAR_GAP}`;
    calm.set(run.className, `${calm.get(run.className) ?? ''}${d}`);
    run = null;
  };
  uptime.days.forEach((day, index) => {
    if (day.worst !== null && day.worst !== 'operational') {
      endRun();
      troubleDays.push({
        x: index * step,
        className: DAY_CLASS[day.worst],
        label: describeDay(day, timeZone),
      });
      return;
    }
    const className = day.worst === null ? 'bn' : 'b0';
    if (run?.className !== className) {
      endRun();
      run = { className, from: index, days: 0 };
    }
    run.days += 1;
  });
  endRun();
  const percent = uptime.fraction === null ? null : formatPercent(uptime.fraction);
  const firstWithData = uptime.days.findIndex((day) => day.worst !== null);
  const first = uptime.days[firstWithData];
  return {
    since: firstWithData > 0 && first ? dayMonth(first, timeZone) : null,
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
