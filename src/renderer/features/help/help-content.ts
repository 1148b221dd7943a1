// Which help belongs to which screen: the screens are the app's areas (shell/areas.ts), and the
// "how do I" lines live in the locale files under help.screens.<key>, so help is translated like
// every other word. A role's printable guide is the help of the screens that role can open, so
// it can never describe a screen the reader does not have.
import type { Role } from '../../../contract';
import { AREAS, visibleAreas, type Area } from '../shell/areas';

/** The help key of an area: its path without the slash (`/vendor-tokens` -> `vendorTokens`). */
export function helpKey(area: Area): string {
  return area.path.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** The area a route belongs to (`/customers/123` -> Customers), or undefined. */
export function areaOf(pathname: string): Area | undefined {
  return AREAS.find((a) => pathname === a.path || pathname.startsWith(`${a.path}/`));
}

/** The numbered lines of a screen's help that exist in the current language. */
export function helpLines(t: (key: string) => string, key: string): string[] {
  const lines: string[] = [];
  for (let n = 1; n <= 9; n += 1) {
    const k = `help.screens.${key}.${n}`;
    const text = t(k);
    if (text === k) break;
    lines.push(text);
  }
  return lines;
}

export const GUIDE_ROLES: readonly Role[] = ['cashier', 'clerk', 'manager', 'admin'];

export function guideAreas(role: Role): Area[] {
  return visibleAreas(role);
}
