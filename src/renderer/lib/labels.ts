// The words for the contract's fixed values (kinds, statuses, schemes), in the user's language.
import type { TFunction } from 'i18next';

import {
  APPLIANCE_TYPES,
  BILLING_MODES,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  GENDERS,
  TOKEN_SCHEMES,
  type DeviceStatus,
} from '../../domain/vocabulary';

// The lists themselves are the domain's (domain/vocabulary.ts); this file only words them.
export {
  APPLIANCE_TYPES,
  BILLING_MODES,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  DEVICE_KINDS,
  DEVICE_STATUSES,
  GENDERS,
  TOKEN_SCHEMES,
  type DeviceStatus,
};

function options<T extends string>(t: TFunction, prefix: string, values: readonly T[]) {
  return values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
}

export const customerKindOptions = (t: TFunction) =>
  options(t, 'enums.customerKind', CUSTOMER_KINDS);
export const customerStatusOptions = (t: TFunction) =>
  options(t, 'enums.customerStatus', CUSTOMER_STATUSES);
export const genderOptions = (t: TFunction) => options(t, 'enums.gender', GENDERS);
export const deviceKindOptions = (t: TFunction) => options(t, 'enums.deviceKind', DEVICE_KINDS);
export const deviceStatusOptions = (
  t: TFunction,
  only: readonly DeviceStatus[] = DEVICE_STATUSES,
) => options(t, 'enums.deviceStatus', only);
export const billingModeOptions = (t: TFunction) => options(t, 'enums.billingMode', BILLING_MODES);
export const tokenSchemeOptions = (t: TFunction) => options(t, 'enums.tokenScheme', TOKEN_SCHEMES);
export const applianceTypeOptions = (t: TFunction) =>
  options(t, 'enums.applianceType', APPLIANCE_TYPES);

export const DEVICE_STATUS_COLORS: Record<DeviceStatus, string> = {
  in_stock: 'blue',
  installed: 'teal',
  faulty: 'orange',
  retired: 'gray',
};
