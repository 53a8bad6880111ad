import type { z } from 'zod';
import { getPage } from '../../../db/queries/page.ts';
import type { Postmortem } from '../../../db/types.ts';
import { postmortemPath } from '../../../site/lib/postmortem.ts';
import { renderPostmortemHtml } from '../../../site/lib/postmortem-html.ts';
import {
  deletePostmortem,
  type PostmortemDraft,
  publishPostmortem,
  readPostmortemDraft,
  savePostmortemDraft,
} from '../../services/postmortems.ts';
import { type AdminRoute, defineRoute, param, serviceContext } from './define-route.ts';
import {
  PostmortemPreviewSchema,
  PostmortemSchema,
  PublishPostmortemBody,
  SavePostmortemBody,
} from './postmortem-schemas.ts';

export type PostmortemView = z.output<typeof PostmortemSchema>;

const sameDraft = (postmortem: Postmortem) => {
  const latest = postmortem.versions.at(-1);
  return (
    latest !== undefined &&
    latest.body === postmortem.body &&
    JSON.stringify(latest.action_items) === JSON.stringify(postmortem.action_items)
  );
};

/** The post-mortem as the admin API shows it (the console shows the same). */
export function toView(draft: PostmortemDraft, pageUrl: string): PostmortemView {
  const saved = draft.postmortem;
  const published = saved?.published_version != null;
  const base = pageUrl.replace(/\/+$/, '');
  return {
    id: saved?.id ?? null,
    state: saved ? (published ? 'published' : 'draft') : 'new',
    incident_ids: draft.incident_ids,
    body: draft.body,
    action_items: draft.action_items,
    published_version: saved?.published_version ?? null,
    published_at: saved?.published_at ?? null,
    last_published_at: saved?.versions.at(-1)?.published_at ?? null,
    unpublished_changes: saved ? !sameDraft(saved) : false,
    urls: published ? draft.incident_ids.map((id) => `${base}${postmortemPath(id)}`) : [],
    versions: (saved?.versions ?? []).map(({ body: _body, action_items: _items, ...version }) => version),
    created_at: saved?.created_at ?? null,
    updated_at: saved?.updated_at ?? null,
  };
}

async function view(c: Parameters<AdminRoute['handle']>[0], draft: PostmortemDraft): Promise<PostmortemView> {
  return toView(draft, (await getPage(c.var.db))?.url ?? '');
}

const TAG = 'Post-mortems';

export const postmortemRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/incidents/{id}/postmortem',
    operationId: 'getPostmortem',
    summary: "An incident's post-mortem, or a new draft from the template",
    description:
      'Before the first save, `state` is `new` and `body` is the template: summary, impact (filled from the incident), root cause, timeline (from its public updates), what we are changing.',
    tag: TAG,
    scope: 'responder',
    success: { status: 200, description: 'The post-mortem.', schema: PostmortemSchema },
    handler: async (c, input) =>
      c.json(await view(c, await readPostmortemDraft(c.var.db, param(input, 'id')))),
  }),
  defineRoute({
    method: 'put',
    path: '/incidents/{id}/postmortem',
    operationId: 'savePostmortem',
    summary: 'Save the draft',
    description:
      'Replaces the draft. Readers see nothing until it is published; after that, the page shows the newest published version until the next publication.',
    tag: TAG,
    scope: 'responder',
    body: SavePostmortemBody,
    success: { status: 200, description: 'The post-mortem as saved.', schema: PostmortemSchema },
    handler: async (c, input) => {
      const incidentId = param(input, 'id');
      const saved = await savePostmortemDraft(
        c.var.db,
        { incident_id: incidentId, ...input.body },
        serviceContext(c),
      );
      return c.json(await view(c, { postmortem: saved, ...saved }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/incidents/{id}/postmortem/preview',
    operationId: 'previewPostmortem',
    summary: 'The draft rendered as the page will show it',
    tag: TAG,
    scope: 'responder',
    success: { status: 200, description: 'Sanitised HTML of the report.', schema: PostmortemPreviewSchema },
    handler: async (c, input) => {
      const draft = await readPostmortemDraft(c.var.db, param(input, 'id'));
      return c.json({ html: renderPostmortemHtml(draft) });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/incidents/{id}/postmortem',
    operationId: 'deletePostmortem',
    summary: 'Delete the post-mortem, draft and published versions',
    description:
      'For a post-mortem published on the wrong incident, say: its page and feed items are gone at the next build, and the incidents it covered are `resolved` again. What was sent stays sent. 404 when the incident has none.',
    tag: TAG,
    scope: 'responder',
    success: { status: 204, description: 'Deleted.' },
    handler: async (c, input) => {
      await deletePostmortem(c.var.db, param(input, 'id'), serviceContext(c));
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/incidents/{id}/postmortem/publish',
    operationId: 'publishPostmortem',
    summary: 'Publish the draft as the next version',
    description:
      'Every covered incident must be resolved; each becomes `postmortem`. With `{"notify": true}` the subscribers and webhooks of the affected components hear of it once per version: the post-mortem, or a follow-up when action items became done. 409 when nothing changed since the last version.',
    tag: TAG,
    scope: 'responder',
    body: PublishPostmortemBody,
    success: { status: 200, description: 'The post-mortem as published.', schema: PostmortemSchema },
    handler: async (c, input) => {
      const published = await publishPostmortem(
        c.var.db,
        { incident_id: param(input, 'id'), notify: input.body.notify },
        serviceContext(c),
      );
      return c.json(await view(c, { postmortem: published, ...published }));
    },
  }),
];
