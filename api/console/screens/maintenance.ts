// Maintenance: list the windows, schedule one, and on a window's own page reschedule, change, post
// updates, and cancel (after a confirmation page). Same scope as /admin/v1/maintenances: responder.
import type { Context } from 'hono';
import type { MaintenanceWithDetails } from '../../../db/types.ts';
import { cancelMaintenance, updateMaintenance } from '../../services/maintenances.ts';
import { html } from '../../subscribers/html.ts';
import type { ConsoleEnv } from '../env.ts';
import { consolePage, csrfField } from '../layout.ts';
import { formatLocalWindow } from '../local-time.ts';
import { listPage, PATH, pageTimeZone, schedulePage, submitSchedule } from './maintenance-schedule.ts';
import { maintenanceOr404, submitChange, submitUpdate, windowPage } from './maintenance-window.ts';
import type { ConsoleScreen } from './registry.ts';
import { actorContext, submit } from './shared.ts';

/** Before it starts a window is cancelled; once it runs, calling it off means completing it. */
async function confirmPage(c: Context<ConsoleEnv>, maintenance: MaintenanceWithDetails): Promise<Response> {
  const zone = await pageTimeZone(c.var.db);
  const running = maintenance.status === 'in_progress' || maintenance.status === 'verifying';
  const base = `${PATH}/${maintenance.id}`;
  const back = html`<p><a href="${base}">Back to ${maintenance.name}</a></p>`;
  if (!running && maintenance.status !== 'scheduled') {
    return consolePage(c, {
      title: 'Nothing to cancel',
      current: PATH,
      status: 409,
      body: html`<h1>Nothing to cancel</h1><p>This maintenance is already ${maintenance.status}.</p>${back}`,
    });
  }
  const verb = running ? 'Complete' : 'Cancel';
  const consequence = running
    ? 'It has started, so it cannot be cancelled: completing it ends it now, gives its components back the status they had, and tells subscribers it is completed.'
    : 'It stays in the console as cancelled, leaves the public page, and subscribers are told it is cancelled (if it notifies).';
  return consolePage(c, {
    title: `${verb} ${maintenance.name}`,
    current: PATH,
    body: html`<h1>${verb} ${maintenance.name}?</h1>
<p>${formatLocalWindow(maintenance.scheduled_for, maintenance.scheduled_until, zone)}</p><p>${consequence}</p>
<form method="post" action="${base}/cancel">${csrfField(c)}<div class="actions">
<button type="submit" class="danger">${verb} this maintenance</button><a class="button secondary" href="${base}">Keep it</a></div></form>`,
  });
}

async function submitCancel(c: Context<ConsoleEnv>, maintenance: MaintenanceWithDetails): Promise<Response> {
  const running = maintenance.status === 'in_progress' || maintenance.status === 'verifying';
  const base = `${PATH}/${maintenance.id}`;
  return submit(
    async () => {
      if (running) {
        await updateMaintenance(c.var.db, { id: maintenance.id, status: 'completed' }, actorContext(c));
        return c.redirect(`${base}?done=completed`, 303);
      }
      await cancelMaintenance(c.var.db, { id: maintenance.id }, actorContext(c));
      return c.redirect(`${base}?done=cancelled`, 303);
    },
    (errors, status) =>
      consolePage(c, {
        title: 'Not changed',
        current: PATH,
        status,
        body: html`<h1>Not changed</h1><p class="alert">${errors.summary}</p><p><a href="${base}">Back to ${maintenance.name}</a></p>`,
      }),
  );
}

/** Runs `then` with the window the path names, or answers 404. */
const withWindow =
  (then: (c: Context<ConsoleEnv>, maintenance: MaintenanceWithDetails) => Promise<Response>) =>
  async (c: Context<ConsoleEnv>) => {
    const maintenance = await maintenanceOr404(c);
    return maintenance instanceof Response ? maintenance : then(c, maintenance);
  };

export const maintenanceScreen: ConsoleScreen = {
  label: 'Maintenance',
  path: PATH,
  scope: 'responder',
  mount(app) {
    app.get(PATH, (c) => listPage(c));
    // The admin API's plural, typed from memory, leads to the same pages.
    app.get('/admin/maintenances', (c) => c.redirect(PATH, 301));
    app.get('/admin/maintenances/:id', (c) => c.redirect(`${PATH}/${c.req.param('id')}`, 301));
    app.get(`${PATH}/new`, (c) => schedulePage(c, { form: null, errors: null }));
    app.post(`${PATH}/new`, (c) => submitSchedule(c));
    app.get(
      `${PATH}/:id`,
      withWindow((c, maintenance) => windowPage(c, { maintenance })),
    );
    app.post(`${PATH}/:id/edit`, withWindow(submitChange));
    app.post(`${PATH}/:id/updates`, withWindow(submitUpdate));
    app.get(`${PATH}/:id/cancel`, withWindow(confirmPage));
    app.post(`${PATH}/:id/cancel`, withWindow(submitCancel));
  },
};
