import type { ConsoleScreen } from './registry.ts';

export const pageSettingsScreen: ConsoleScreen = {
  path: '/admin/page-settings',
  scope: 'admin',
  mount() {},
};
