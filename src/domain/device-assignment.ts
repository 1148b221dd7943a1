// Whether a device can be given to a customer: one rule for the devices.assign command and for
// the two screens that offer it (the customer's "assign a device" list and the device page).
// A faulty or retired device stays in the office; a device already with someone is unassigned
// first; an inactive customer is reactivated first (docs/registry.md, "Devices"). A generation
// meter measures a plant's output (docs/reports.md, "Energy generated against sold"): it belongs to
// a place, never to a customer.

import type { BillingMode, DeviceStatus } from './vocabulary';

export type { DeviceStatus };

/** A device in this state can be handed out (installed: moved from the stock of a site). */
export function canBeGivenOut(status: DeviceStatus): boolean {
  return status === 'in_stock' || status === 'installed';
}

export type AssignmentRefusal =
  | { reason: 'already-theirs' }
  | { reason: 'with-another-customer'; customerId: string }
  | { reason: 'customer-inactive' }
  | { reason: 'device-unusable'; status: DeviceStatus }
  | { reason: 'generation-meter' };

/** Why `device` cannot be given to `customer`, or null when it can. */
export function assignmentRefusal(
  device: { status: DeviceStatus; customerId: string | null; billingMode?: BillingMode | null },
  customer: { id: string; status: 'active' | 'inactive' },
): AssignmentRefusal | null {
  if (device.billingMode === 'generation') return { reason: 'generation-meter' };
  if (device.customerId === customer.id) return { reason: 'already-theirs' };
  if (device.customerId) return { reason: 'with-another-customer', customerId: device.customerId };
  if (customer.status === 'inactive') return { reason: 'customer-inactive' };
  if (!canBeGivenOut(device.status)) return { reason: 'device-unusable', status: device.status };
  return null;
}
