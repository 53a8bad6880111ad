// The console's screens. Adding one is a module exporting a ConsoleScreen, plus one line below:
// the navigation, the scope check and the routes all come from this list.
import type { Hono, MiddlewareHandler } from 'hono';
import type { TokenScope } from '../../../db/types.ts';
import { scopeIncludes } from '../../services/admin-tokens.ts';
import type { ConsoleEnv, NavEntry } from '../env.ts';
import { activityScreen } from './activity.ts';
import { auditLogScreen } from './audit-log.ts';
import { componentDetailsScreen } from './component-details.ts';
import { componentsScreen } from './components.ts';
import { incidentBackfillScreen } from './incident-backfill.ts';
import { incidentEditScreen } from './incident-edit.ts';
import { incidentLeadScreen } from './incident-lead.ts';
import { incidentsScreen } from './incidents.ts';
import { insightsScreen } from './insights.ts';
import { maintenanceScreen } from './maintenance.ts';
import { membersScreen } from './members.ts';
import { nowScreen } from './now.ts';
import { pageSettingsScreen } from './page-settings.ts';
import { postmortemsScreen } from './postmortems.ts';
import { subscriberDetailScreen } from './subscriber-detail.ts';
import { subscribersScreen } from './subscribers.ts';
import { templatesScreen } from './templates.ts';
import { webhookEditScreen } from './webhook-edit.ts';
import { webhooksScreen } from './webhooks.ts';

export interface ConsoleScreen {
  /** Its name in the navigation; a screen without one is reached from others (e.g. Post an update). */
  label?: string;
  /** The path every route of the screen starts with, e.g. `/admin/components`. */
  path: string;
  /** The least scope that may use it (a responder token's session sees responder screens only). */
  scope: TokenScope;
  mount(app: Hono<ConsoleEnv>): void;
}

export const SCREENS: readonly ConsoleScreen[] = [
  nowScreen,
  incidentsScreen,
  templatesScreen,
  incidentLeadScreen,
  componentsScreen,
  maintenanceScreen,
  postmortemsScreen,
  subscribersScreen,
  webhooksScreen,
  membersScreen,
  auditLogScreen,
  activityScreen,
  insightsScreen,
  pageSettingsScreen,
  incidentEditScreen,
  incidentBackfillScreen,
  componentDetailsScreen,
  webhookEditScreen,
  subscriberDetailScreen,
];

/** The navigation a session with this scope sees. */
export function navFor(scope: TokenScope): NavEntry[] {
  return SCREENS.filter((screen) => screen.label && scopeIncludes(scope, screen.scope)).map((screen) => ({
    label: screen.label ?? '',
    path: screen.path,
  }));
}

/** Mounts every screen, refusing (403) the screens a session's scope does not reach. */
export function mountScreens(app: Hono<ConsoleEnv>): void {
  for (const screen of SCREENS) {
    if (screen.scope !== 'responder') {
      const guard: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
        if (!scopeIncludes(c.var.session.scope, screen.scope)) {
          return c.text(`This screen needs an ${screen.scope} session.`, 403);
        }
        return next();
      };
      app.use(screen.path, guard);
      app.use(`${screen.path}/*`, guard);
    }
    screen.mount(app);
  }
}
