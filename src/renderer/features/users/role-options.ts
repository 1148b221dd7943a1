import type { TFunction } from 'i18next';
import { ROLES } from '../../../contract';

/** Role choices for selects, named in the user's language. */
export function roleOptions(t: TFunction) {
  return ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }));
}
