// Members (who signs in by email) and admin tokens (for scripts): add, remove, issue, revoke.
import type { Context } from 'hono';
import { z } from 'zod';
import { listAdminTokens } from '../../../db/queries/admin-tokens.ts';
import { listMembers } from '../../../db/queries/members.ts';
import { TOKEN_SCOPES } from '../../../db/types.ts';
import { CreateMemberBody } from '../../routes/admin/members.ts';
import { IssueTokenBody } from '../../routes/admin/tokens.ts';
import { issueAdminToken, revokeAdminToken } from '../../services/admin-tokens.ts';
import { createMember, deleteMember } from '../../services/members.ts';
import { html, type SafeHtml } from '../../subscribers/html.ts';
import { validateInput } from '../../validation.ts';
import type { ConsoleEnv } from '../env.ts';
import { errorSummary, type Form, type FormErrors, fieldError, invalidAttrs } from '../form.ts';
import { consolePage, csrfField, notice } from '../layout.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, buttonForm, select, submit } from './shared.ts';

const PATH = '/admin/members';
const TokenForm = IssueTokenBody.extend({ scope: z.enum(TOKEN_SCOPES) });

/** The expiry date field (type=date) is the start of that day in UTC; empty: never. */
const expiryFromDate = (value: string): string | null =>
  value.trim() === '' ? null : /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value;

interface Options {
  which?: 'member' | 'token';
  form?: Form;
  errors?: FormErrors;
  status?: 400 | 404 | 409;
  issued?: SafeHtml;
}

async function page(c: Context<ConsoleEnv>, options: Options = {}): Promise<Response> {
  const [members, tokens] = await Promise.all([listMembers(c.var.db), listAdminTokens(c.var.db)]);
  const m = options.which === 'member' ? options : null;
  const t = options.which === 'token' ? options : null;
  const me = c.var.session.member?.id;
  const now = c.var.now();
  const memberRows = members.map(
    (
      member,
    ) => html`<li><strong>${member.name}</strong> <span class="muted">${member.email}${member.id === me ? ' (you)' : ''}</span>
<div class="row">${buttonForm(c, `${PATH}/${member.id}/delete`, 'Remove', { className: 'secondary', ariaLabel: `Remove ${member.name}` })}</div></li>`,
  );
  const tokenRows = tokens.map(
    (
      token,
    ) => html`<li><strong>${token.name}</strong> <span class="muted">${token.scope} · ${token.revoked_at ? `revoked ${token.revoked_at.slice(0, 10)}` : token.expires_at ? `${token.expires_at <= now ? 'expired' : 'expires'} ${token.expires_at.slice(0, 16).replace('T', ' ')} UTC` : 'no expiry'}${token.last_used_at ? ` · used ${token.last_used_at.slice(0, 10)}` : ''}</span>
${token.revoked_at ? html`` : html`<div class="row">${buttonForm(c, `${PATH}/tokens/${token.id}/revoke`, 'Revoke', { className: 'secondary', ariaLabel: `Revoke ${token.name}` })}</div>`}</li>`,
  );
  const done = { added: 'Member added.', removed: 'Member removed.', revoked: 'Token revoked.' }[
    c.req.query('done') ?? ''
  ];
  const body = html`<h1>Members and tokens</h1>${notice(done)}${options.issued ?? html``}
<h2>Members</h2><ul class="list">${memberRows}</ul>${errorSummary(m?.errors)}
<form method="post" action="${PATH}" class="card">${csrfField(c)}
<label for="member-name">Name</label><input id="member-name" name="name" type="text" required value="${m?.form?.get('name') ?? ''}"${invalidAttrs(m?.errors, '/name', 'member-name')}>${fieldError(m?.errors, '/name', 'member-name')}
<label for="member-email">Email address</label><input id="member-email" name="email" type="email" required value="${m?.form?.get('email') ?? ''}"${invalidAttrs(m?.errors, '/email', 'member-email')}>${fieldError(m?.errors, '/email', 'member-email')}
<div class="actions"><button type="submit">Add member</button></div></form>
<h2>Admin tokens</h2><ul class="list">${tokenRows}</ul>${errorSummary(t?.errors)}
<form method="post" action="${PATH}/tokens" class="card">${csrfField(c)}
<label for="token-name">What it is for</label><input id="token-name" name="name" type="text" required value="${t?.form?.get('name') ?? ''}"${invalidAttrs(t?.errors, '/name', 'token-name')}>${fieldError(t?.errors, '/name', 'token-name')}
<label for="token-scope">Scope</label>${select(
    'token-scope',
    'scope',
    [
      ['responder', 'Responder: incidents and components'],
      ['admin', 'Admin: everything'],
    ],
    t?.form?.get('scope') || 'responder',
  )}${fieldError(t?.errors, '/scope', 'token-scope')}
<label for="token-expires">Stops working on (optional, at 00:00 UTC)</label><input id="token-expires" name="expires_at" type="date" value="${t?.form?.get('expires_at') ?? ''}"${invalidAttrs(t?.errors, '/expires_at', 'token-expires')}>${fieldError(t?.errors, '/expires_at', 'token-expires')}
<p class="muted">Empty: until revoked (or, signed in with an expiring token, until that one expires).</p>
<div class="actions"><button type="submit">Issue token</button></div></form>`;
  return consolePage(c, { title: 'Members and tokens', current: PATH, body, status: options.status ?? 200 });
}

export const membersScreen: ConsoleScreen = {
  label: 'Members',
  path: PATH,
  scope: 'admin',
  mount(app) {
    app.get(PATH, (c) => page(c));
    app.post(PATH, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const body = validateInput(
            CreateMemberBody,
            { email: form.get('email'), name: form.get('name') },
            'form',
          );
          await createMember(c.var.db, body, actorContext(c));
          return c.redirect(`${PATH}?done=added`, 303);
        },
        (errors, status) => page(c, { which: 'member', form, errors, status }),
      );
    });
    app.post(`${PATH}/:id/delete`, (c) =>
      submit(
        async () => {
          await deleteMember(c.var.db, { id: c.req.param('id') }, actorContext(c));
          return c.redirect(`${PATH}?done=removed`, 303);
        },
        (errors, status) => page(c, { which: 'member', errors, status }),
      ),
    );
    app.post(`${PATH}/tokens`, (c) => {
      const form = c.var.form;
      return submit(
        async () => {
          const fields = {
            name: form.get('name'),
            scope: form.get('scope'),
            expires_at: expiryFromDate(form.get('expires_at')),
          };
          const body = validateInput(TokenForm, fields, 'form');
          const { token, record } = await issueAdminToken(c.var.db, body, actorContext(c));
          const issued = html`<div class="notice" role="status"><p>Token “${record.name}” issued. Copy it now: it is shown this once.</p><pre>${token}</pre></div>`;
          return page(c, { issued });
        },
        (errors, status) => page(c, { which: 'token', form, errors, status }),
      );
    });
    app.post(`${PATH}/tokens/:id/revoke`, (c) =>
      submit(
        async () => {
          await revokeAdminToken(c.var.db, { id: c.req.param('id') }, actorContext(c));
          return c.redirect(`${PATH}?done=revoked`, 303);
        },
        (errors, status) => page(c, { which: 'token', errors, status }),
      ),
    );
  },
};
