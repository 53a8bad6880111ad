import type { ConsoleScreen } from './registry.ts';

export const componentsScreen: ConsoleScreen = {
  path: '/admin/components',
  scope: 'admin',
  mount() {},
};
