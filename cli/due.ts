// How long until an incident's next update is due, as the `list` command shows it.

export interface DueIncident {
  /** When the next public update is promised; absent or null when no cadence applies. */
  next_update_at?: string | null;
}

/** Whole minutes until due (negative: overdue), or null when the incident has no due time. */
export function minutesUntilDue(incident: DueIncident, now: number): number | null {
  if (!incident.next_update_at) return null;
  const due = Date.parse(incident.next_update_at);
  if (Number.isNaN(due)) return null;
  const minutes = (due - now) / 60_000;
  return minutes >= 0 ? Math.floor(minutes) : -Math.ceil(-minutes);
}

const span = (minutes: number): string => {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
};

/** `due in 12 min`, `due now`, `overdue by 1 h 5 min`, or `no update due`. */
export function describeDue(minutes: number | null): string {
  if (minutes === null) return 'no update due';
  if (minutes === 0) return 'due now';
  return minutes > 0 ? `due in ${span(minutes)}` : `overdue by ${span(-minutes)}`;
}
