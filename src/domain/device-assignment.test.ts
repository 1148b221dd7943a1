import { describe, expect, it } from 'vitest';
import { assignmentRefusal, canBeGivenOut } from './device-assignment';

const active = { id: 'c1', status: 'active' as const };

describe('assignmentRefusal', () => {
  it('gives a device from stock, or installed without a customer, to an active customer', () => {
    expect(assignmentRefusal({ status: 'in_stock', customerId: null }, active)).toBeNull();
    expect(assignmentRefusal({ status: 'installed', customerId: null }, active)).toBeNull();
  });

  it('says why not, in the order a clerk fixes things', () => {
    expect(assignmentRefusal({ status: 'installed', customerId: 'c1' }, active)).toEqual({
      reason: 'already-theirs',
    });
    expect(assignmentRefusal({ status: 'faulty', customerId: 'c2' }, active)).toEqual({
      reason: 'with-another-customer',
      customerId: 'c2',
    });
    expect(
      assignmentRefusal({ status: 'in_stock', customerId: null }, { id: 'c1', status: 'inactive' }),
    ).toEqual({ reason: 'customer-inactive' });
    for (const status of ['faulty', 'retired'] as const) {
      expect(assignmentRefusal({ status, customerId: null }, active)).toEqual({
        reason: 'device-unusable',
        status,
      });
      expect(canBeGivenOut(status)).toBe(false);
    }
  });
});
