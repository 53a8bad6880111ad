import type { ConsoleScreen } from './registry.ts';

export const auditLogScreen: ConsoleScreen = {
  path: '/admin/audit-log',
  scope: 'admin',
  mount() {},
};
