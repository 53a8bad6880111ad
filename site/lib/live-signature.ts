// Fingerprints of what an open tab shows, computed the same way from the build's data (written on
// the page) and from /api/v2/summary.json (by the live script). While the two agree the tab is
// current; when they differ the API has moved past the build, and the script fetches the rebuilt
// page. Only fields both sides hold are used, so nothing is ever rendered from the API's data.

export interface SignedUpdate {
  id: string;
  /** Changes when a message is corrected. */
  updated_at: string;
}

export interface SignedIncident {
  id: string;
  name: string;
  status: string;
  impact: string;
  incident_updates: ReadonlyArray<SignedUpdate>;
  /**
   * The cadence's promise, which moves without any update (the page's cadence or the incident's
   * own changed). Computed by the same function on both sides (api/cadence/policy.ts).
   */
  next_update_at?: string | null;
}

export interface SignedComponent {
  id: string;
  status: string;
  /** Groups are left out: their status follows from their children's. */
  group?: boolean;
}

/** The signature of one open incident, or of its absence from the open ones (resolved, deleted). */
export function incidentSignature(incident: SignedIncident | undefined): string {
  if (!incident) return 'closed';
  // Order-independent: the build sorts updates by display time, the API by creation.
  const updates = incident.incident_updates.map((update) => `${update.id}@${update.updated_at}`).sort();
  const promise = incident.next_update_at ?? null;
  return fnv1a(
    JSON.stringify([incident.id, incident.name, incident.status, incident.impact, updates, promise]),
  );
}

/** The signature of the front page's live parts: every component's status and the open incidents. */
export function pageSignature(
  components: readonly SignedComponent[],
  openIncidents: readonly SignedIncident[],
): string {
  const statuses = components
    .filter((component) => !component.group)
    .map((component) => `${component.id}=${component.status}`)
    .sort();
  const incidents = openIncidents.map(incidentSignature).sort();
  return fnv1a(JSON.stringify([statuses, incidents]));
}

// 32-bit FNV-1a: short, fast, and the same in Node and the browser. Not for security.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
