import type { ConsoleScreen } from './registry.ts';

export const activityScreen: ConsoleScreen = {
  path: '/admin/activity',
  scope: 'admin',
  mount() {},
};
