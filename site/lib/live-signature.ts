// A fingerprint of the open incidents as the front page shows them. The build writes it on the
// list and the live script compares it with the API's, so the list is only rebuilt from the API
// (in plainer form) when something actually changed since the build.

export interface SignedIncident {
  id: string;
  name: string;
  status: string;
  impact: string;
  incident_updates: ReadonlyArray<{ id: string }>;
}

export function activeIncidentsSignature(incidents: readonly SignedIncident[]): string {
  const text = incidents
    .map((incident) => {
      // Order-independent: the build sorts updates by display time, the API by creation.
      const updates = incident.incident_updates.map((update) => update.id).sort();
      return JSON.stringify([incident.id, incident.name, incident.status, incident.impact, updates]);
    })
    .sort()
    .join('\n');
  return fnv1a(text);
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
