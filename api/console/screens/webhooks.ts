import type { ConsoleScreen } from './registry.ts';

export const webhooksScreen: ConsoleScreen = {
  path: '/admin/webhooks',
  scope: 'admin',
  mount() {},
};
