// The live signature of a summary.json answer, for the front page (`page`) or one incident's page
// (`incident:<id>`). Null when the answer is not a summary this script understands.
import { incidentSignature, pageSignature, type SignedIncident } from '../lib/live-signature.ts';

interface Summary {
  components: Array<{ id: string; status: string; group?: boolean }>;
  incidents: SignedIncident[];
}

export function signatureFromSummary(value: unknown, scope: string): string | null {
  const summary = value as Partial<Summary> | null;
  if (!Array.isArray(summary?.components) || !Array.isArray(summary.incidents)) return null;
  if (scope.startsWith('incident:')) {
    const id = scope.slice('incident:'.length);
    return incidentSignature(summary.incidents.find((incident) => incident.id === id));
  }
  return pageSignature(summary.components, summary.incidents);
}
