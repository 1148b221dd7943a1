// Which help belongs to which screen: the screens are the app's areas (shell/areas.ts), and the
// "how do I" lines live in the locale files under help.screens.<key>, so help is translated like
// every other word. A role's printable guide is the help of the screens that role can open, so
// it can never describe a screen the reader does not have.
import type { CommandName, Role } from '../../../contract';
import { AREAS, mayUse, visibleAreas, type Area } from '../shell/areas';

/**
 * Help lines about something only some roles may do, by the command that does it: a reader is
 * never told how to do what the app will refuse them.
 */
const LINE_NEEDS: Record<string, CommandName> = {
  'tokens.2': 'tokens.supervisor',
  'vendorTokens.2': 'sts.recordToken',
  'dayEnd.2': 'dayEnd.close',
  'customers.1': 'customers.create',
  'customers.3': 'devices.assign',
  'devices.1': 'devices.create',
  'devices.2': 'devices.assign',
  'payg.1': 'payg.setTerms',
  'payg.2': 'payg.setTerms',
  'dashboard.1': 'reports.monthly',
  'dashboard.2': 'reports.monthly',
  'targets.1': 'targets.set',
  'targets.3': 'targets.set',
  'contracts.2': 'contracts.portfolio',
  'contracts.3': 'contracts.sell',
  'contracts.7': 'contracts.writeOff',
  'contracts.8': 'contracts.setAgent',
  'meters.2': 'meters.bulkRead',
  'meters.3': 'readings.addManual',
  'sites.1': 'sites.createVillage',
  'catalog.1': 'models.create',
  'tariffs.1': 'tariffs.create',
  'tariffs.2': 'tariffs.addVersion',
  'tariffs.3': 'tariffs.assignSite',
  'billing.1': 'billing.run',
  'billing.2': 'invoices.note',
  'users.1': 'users.create',
  'backups.1': 'backups.run',
  'backups.2': 'backups.updateSettings',
  'settings.1': 'settings.update',
  'sync.3': 'sync.joinFileDownload',
};

/** The help key of an area: its path without the slash (`/vendor-tokens` -> `vendorTokens`). */
export function helpKey(area: Area): string {
  return area.path.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** The area a route belongs to (`/customers/123` -> Customers), or undefined. */
export function areaOf(pathname: string): Area | undefined {
  return AREAS.find((a) => pathname === a.path || pathname.startsWith(`${a.path}/`));
}

/**
 * The numbered lines of a screen's help for this role, in the current language. `exists` asks
 * whether line n is there without looking it up (a lookup of a missing key is reported as a
 * missing translation).
 */
export function helpLines(
  t: (key: string) => string,
  key: string,
  role: Role,
  exists: (key: string) => boolean = (k) => t(k) !== k,
): string[] {
  const lines: string[] = [];
  for (let n = 1; n <= 9; n += 1) {
    const k = `help.screens.${key}.${n}`;
    if (!exists(k)) break;
    const text = t(k);
    const needs = LINE_NEEDS[`${key}.${n}`];
    if (needs === undefined || mayUse(needs, role)) lines.push(text);
  }
  return lines;
}

export const GUIDE_ROLES: readonly Role[] = ['cashier', 'clerk', 'manager', 'admin'];

export function guideAreas(role: Role): Area[] {
  return visibleAreas(role);
}
