// Tests for the demo company's planned past: reproducible, complete (every meter on a tariff,
// every lockable device with terms), in time order and before "now", days closed after their
// last sale, prices scaled to the currency.
import { describe, expect, it } from 'vitest';
import { checkReading } from '../readings/validate';
import { localDate } from '../time';
import { planDemoActivity, type DemoActivity, type DemoActivityInput } from './activity';
import { generateDemoCompany, type DemoCompany } from './generate';

const NOW = '2026-11-16T08:30:00.000Z';
const ZONE = 'Africa/Lagos';

function company(now = NOW): DemoCompany {
  let n = 0;
  return generateDemoCompany({ seed: 7, countryCode: 'NG', now, newId: () => `id-${++n}` });
}

function plan(overrides: Partial<DemoActivityInput> = {}, c = company(overrides.now)) {
  return planDemoActivity(c, {
    seed: 9,
    now: NOW,
    timeZone: ZONE,
    countryCode: 'NG',
    currencyDecimals: 2,
    maxAmountMinor: 100_000_000,
    ...overrides,
  });
}

type Of<T extends DemoActivity['events'][number]['type']> = Extract<
  DemoActivity['events'][number],
  { type: T }
>;
function ofType<T extends DemoActivity['events'][number]['type']>(a: DemoActivity, type: T) {
  return a.events.filter((e): e is Of<T> => e.type === type);
}

describe('planDemoActivity', () => {
  it('is deterministic from the seed and the clock', () => {
    expect(plan()).toEqual(plan());
    expect(plan({ seed: 10 }).events).not.toEqual(plan().events);
  });

  it('puts every meter on a tariff of its billing mode, once', () => {
    const c = company();
    const a = plan({}, c);
    const assigned = ofType(a, 'tariff.assign').flatMap((e) =>
      e.deviceIds.map((id) => [id, e.tariff] as const),
    );
    const meters = c.devices.filter((d) => d.kind === 'meter');
    expect(assigned.map(([id]) => id).sort()).toEqual(meters.map((d) => d.id).sort());
    for (const [id, tariff] of assigned) {
      const meter = meters.find((d) => d.id === id);
      expect(tariff.startsWith(meter?.billingMode ?? '?')).toBe(true);
    }
  });

  it('gives every solar home system and e-bike PAYG terms, in stock ones too', () => {
    const c = company();
    const terms = ofType(plan({}, c), 'payg.plan');
    const lockable = c.devices.filter((d) => d.kind !== 'meter');
    expect(terms.map((e) => e.deviceId).sort()).toEqual(lockable.map((d) => d.id).sort());
    for (const e of terms) {
      expect(e.dailyPriceMinor).toBeGreaterThan(0);
      expect(e.totalPriceMinor).toBeGreaterThan(e.dailyPriceMinor);
    }
  });

  it('changes every tariff on the first of the month three months ago', () => {
    const a = plan();
    for (const t of a.tariffs) {
      expect(t.versions.map((v) => v.effectiveFrom)).toEqual([
        expect.stringMatching(/^\d{4}-\d{2}-01$/),
        '2026-08-01',
      ]);
    }
    expect(ofType(a, 'tariff.addVersion').every((e) => e.at < '2026-08-01')).toBe(true);
  });

  it('keeps events in time order, before now, done by the demo staff', () => {
    const a = plan();
    const ats = a.events.map((e) => e.at);
    expect(ats).toEqual([...ats].sort());
    expect(ats.every((at) => at < NOW)).toBe(true);
    const staff = new Set(a.users.map((u) => u.username));
    expect(a.events.every((e) => staff.has(e.by))).toBe(true);
    const roles = new Map(a.users.map((u) => [u.username, u.role]));
    expect(ofType(a, 'sale').every((e) => roles.get(e.by) === 'cashier')).toBe(true);
    expect(ofType(a, 'day.close').every((e) => roles.get(e.by) === 'manager')).toBe(true);
  });

  it("closes each cashier's past days after their last sale, never today", () => {
    const a = plan();
    // Money taken: counter sales, contract payments and the down payments of contract sales;
    // money given back: the manager's refunds of a cancelled contract and a reversed payoff.
    const sales = [
      ...ofType(a, 'sale'),
      ...ofType(a, 'contract.pay'),
      ...ofType(a, 'contract.sell'),
      ...ofType(a, 'contract.cancel'),
      ...ofType(a, 'contract.reverseLast'),
    ];
    const closes = ofType(a, 'day.close');
    const today = localDate(Date.parse(NOW), ZONE);
    expect(closes.length).toBeGreaterThan(10);
    for (const close of closes) {
      expect(close.day < today).toBe(true);
      const same = sales.filter(
        (s) => s.by === close.cashier && localDate(Date.parse(s.at), ZONE) === close.day,
      );
      expect(same.length).toBeGreaterThan(0);
      expect(same.every((s) => s.at < close.at)).toBe(true);
    }
    expect(sales.some((s) => localDate(Date.parse(s.at), ZONE) >= today)).toBe(false);
  });

  it('bills three past months for both mini-grids and drafts last month for the first only', () => {
    const c = company();
    const a = plan({}, c);
    const runs = ofType(a, 'billing.run');
    expect(runs.map((r) => [r.period, r.miniGridIds.length])).toEqual([
      ['2026-07', 2],
      ['2026-08', 2],
      ['2026-09', 2],
      ['2026-10', 1],
    ]);
    expect(runs.at(-1)?.miniGridIds).toEqual([c.miniGrids[0]?.id]);
    expect(ofType(a, 'billing.finalise')).toHaveLength(6);
  });

  it('leaves a jump and a reset for review this month, after last month could be billed', () => {
    const a = plan();
    const reviewed = new Set(ofType(a, 'reading.review').map((r) => r.reading));
    // Each reading checked against the meter's previous trusted one, as the readings store does.
    const last = new Map<string, { readAt: string; wh: number }>();
    const flagged: { flag: string; at: string; reviewed: boolean }[] = [];
    for (const r of ofType(a, 'reading')) {
      const check = checkReading({ readAt: r.at, wh: r.wh }, last.get(r.deviceId) ?? null, 100);
      if (check.flag) flagged.push({ flag: check.flag, at: r.at, reviewed: reviewed.has(r.key) });
      else last.set(r.deviceId, { readAt: r.at, wh: r.wh });
    }
    const waiting = flagged.filter((f) => !f.reviewed);
    expect(waiting.map((f) => f.flag).sort()).toEqual(['jump', 'reset']);
    // After 1 November plus the three-day window (4 November, 00:00 in Lagos).
    expect(waiting.every((f) => f.at >= '2026-11-03T23:00:00.000Z')).toBe(true);
    expect(flagged.filter((f) => f.reviewed).map((f) => f.flag)).toEqual(['jump']);
    // Early in a month there is no room after the billing window: none are planned then.
    const early = plan({ now: '2026-11-03T08:30:00.000Z' });
    expect(ofType(early, 'reading').filter((r) => r.at >= '2026-11-02T23:00:00.000Z')).toEqual([]);
  });

  it('scales prices to the currency and keeps them under the ceiling', () => {
    const naira = plan().tariffs[0]?.versions[1]?.definition.bands[0]?.priceMilliMinorPerKwh;
    const noDecimals = plan({ currencyDecimals: 0 }).tariffs[0]?.versions[1]?.definition.bands[0]
      ?.priceMilliMinorPerKwh;
    expect(naira).toBe(25_000_000);
    expect(noDecimals).toBe(250_000);
    const capped = ofType(plan({ maxAmountMinor: 5_000_000 }), 'payg.plan');
    expect(capped.every((e) => (e.totalPriceMinor ?? 0) <= 5_000_000)).toBe(true);
  });
});
