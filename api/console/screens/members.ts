import type { ConsoleScreen } from './registry.ts';

export const membersScreen: ConsoleScreen = {
  path: '/admin/members',
  scope: 'admin',
  mount() {},
};
