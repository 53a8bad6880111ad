import type { ConsoleScreen } from './registry.ts';

export const subscribersScreen: ConsoleScreen = {
  path: '/admin/subscribers',
  scope: 'admin',
  mount() {},
};
