// The data of a post-mortem email, read once per batch: the version the event announces (not
// whatever was published since), the incidents it covers and the page.
import type { Client } from '@libsql/client';
import { getIncident } from '../../db/queries/incidents.ts';
import { getPage } from '../../db/queries/page.ts';
import { getPostmortem } from '../../db/queries/postmortems.ts';
import { postmortemNotificationEmail } from '../../emails/postmortem-notification.ts';
import { postmortemPath } from '../../site/lib/postmortem.ts';
import type { IncidentEvent } from './incident-event.ts';
import type { IncidentMessage } from './incident-message.ts';

/** A renderer of the event's email, or null when the post-mortem, that version or the page is gone. */
export async function loadPostmortemMessage(
  db: Client,
  event: IncidentEvent,
): Promise<IncidentMessage | null> {
  if (!event.postmortem) return null;
  const [postmortem, page] = await Promise.all([getPostmortem(db, event.postmortem.id), getPage(db)]);
  const version = postmortem?.versions.find((candidate) => candidate.version === event.postmortem?.version);
  if (!postmortem || !version || !page) return null;
  const incidents = await Promise.all(postmortem.incident_ids.map((id) => getIncident(db, id)));
  const names = incidents.filter((incident) => incident !== null).map((incident) => incident.name);
  const first = postmortem.incident_ids[0] ?? event.incident_id;
  const kind =
    event.kind === 'postmortem.follow_up' ? 'follow_up' : version.version > 1 ? 'updated' : 'published';
  const props = {
    pageName: page.name,
    pageUrl: page.url,
    kind,
    incidentNames: names,
    url: `${page.url.replace(/\/+$/, '')}${postmortemPath(first)}`,
    postmortem: version,
    publishedAt: version.published_at,
  } as const;
  return (links) => postmortemNotificationEmail({ ...props, links });
}
