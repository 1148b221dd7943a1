// The areas of the app that exist today, and which command decides whether a role sees each one
// (the same access rule the core enforces).
import { commands, roleMayCall, type CommandName, type Role } from '../../../contract';

export interface Area {
  path: string;
  labelKey: string;
  /** The command the page needs; the link shows only to roles allowed to call it. */
  command: CommandName;
}

export const AREAS: readonly Area[] = [
  { path: '/counter', labelKey: 'nav.counter', command: 'payments.record' },
  { path: '/tokens', labelKey: 'nav.tokens', command: 'tokens.check' },
  { path: '/vendor-tokens', labelKey: 'nav.vendorTokens', command: 'sts.list' },
  { path: '/day-end', labelKey: 'nav.dayEnd', command: 'dayEnd.report' },
  { path: '/dashboard', labelKey: 'nav.dashboard', command: 'reports.dashboard' },
  { path: '/targets', labelKey: 'nav.targets', command: 'targets.list' },
  { path: '/customers', labelKey: 'nav.customers', command: 'customers.list' },
  { path: '/contracts', labelKey: 'nav.contracts', command: 'contracts.overdue' },
  { path: '/devices', labelKey: 'nav.devices', command: 'devices.list' },
  { path: '/payg', labelKey: 'nav.payg', command: 'payg.list' },
  { path: '/meters', labelKey: 'nav.meters', command: 'meters.bulkRead' },
  { path: '/sites', labelKey: 'nav.sites', command: 'sites.tree' },
  { path: '/catalog', labelKey: 'nav.catalog', command: 'models.list' },
  { path: '/tariffs', labelKey: 'nav.tariffs', command: 'tariffs.list' },
  { path: '/billing', labelKey: 'nav.billing', command: 'billing.runs' },
  { path: '/reports', labelKey: 'nav.reports', command: 'reports.monthlyFiles' },
  { path: '/import', labelKey: 'nav.import', command: 'imports.preview' },
  { path: '/users', labelKey: 'nav.users', command: 'users.list' },
  { path: '/backups', labelKey: 'nav.backups', command: 'backups.list' },
  { path: '/sync', labelKey: 'nav.sync', command: 'sync.status' },
  { path: '/settings', labelKey: 'nav.settings', command: 'settings.get' },
  { path: '/audit', labelKey: 'nav.audit', command: 'audit.list' },
];

export function mayUse(command: CommandName, role: Role): boolean {
  return roleMayCall(commands[command].access, role);
}

export function visibleAreas(role: Role): Area[] {
  return AREAS.filter((area) => mayUse(area.command, role));
}

/** Where a user starts after signing in: cashiers at the counter, everyone else on the dashboard. */
export function homePath(role: Role): string {
  return role === 'cashier' ? '/counter' : '/dashboard';
}
