// The words for the contract's fixed values (kinds, statuses, schemes), in the user's language.
import type { TFunction } from 'i18next';

export const CUSTOMER_KINDS = ['individual', 'business'] as const;
export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
export const GENDERS = ['female', 'male'] as const;
export const DEVICE_KINDS = ['meter', 'shs', 'ebike'] as const;
export const DEVICE_STATUSES = ['in_stock', 'installed', 'faulty', 'retired'] as const;
export const BILLING_MODES = ['prepaid', 'postpaid'] as const;
export const TOKEN_SCHEMES = ['openpaygo', 'sts', 'none'] as const;
export const APPLIANCE_TYPES = [
  'shs',
  'ebike',
  'fridge',
  'freezer',
  'tv',
  'mill',
  'pump',
  'fan',
  'phone',
  'other',
] as const;

export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

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
