import { describe, expect, it } from 'vitest';
import { backdateRefusal, type BackdateFacts } from './tariff-backdate';

const base: BackdateFacts = {
  tariffName: 'Residential',
  effectiveFrom: '2026-11-01',
  today: '2026-11-22',
  latest: { version: 1, effectiveFrom: '2026-01-01' },
  reason: 'Regulator approval came late',
  used: { sales: 0, invoices: 0, accessCharges: 0 },
};

describe('backdateRefusal', () => {
  it('lets a version start today or later without a reason', () => {
    expect(backdateRefusal({ ...base, effectiveFrom: '2026-11-22', reason: null })).toBeNull();
    expect(backdateRefusal({ ...base, effectiveFrom: '2027-01-01', reason: null })).toBeNull();
  });

  it('lets a version start in the past with a reason when nothing used the period', () => {
    expect(backdateRefusal(base)).toBeNull();
  });

  it('asks for a reason for a past start', () => {
    expect(backdateRefusal({ ...base, reason: null })).toMatchObject({
      kind: 'reason-missing',
      field: 'reason',
    });
  });

  it('refuses a past start once a sale, invoice or access charge used the period', () => {
    const refusal = backdateRefusal({ ...base, used: { sales: 3, invoices: 1, accessCharges: 0 } });
    expect(refusal?.kind).toBe('period-used');
    expect(refusal?.message).toContain('3 energy sales, 1 final invoice');
    expect(refusal?.message).toContain('Start it today or later');
  });

  it('never starts before the latest version, whatever the reason', () => {
    expect(backdateRefusal({ ...base, effectiveFrom: '2025-12-31' })).toMatchObject({
      kind: 'before-latest',
      field: 'effectiveFrom',
    });
  });
});
