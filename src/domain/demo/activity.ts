// What the demo company has done before the newcomer arrives: its staff, tariffs and PAYG terms,
// six months of postpaid readings, counter sales by two cashiers, billing runs and day-ends. Pure
// and deterministic (seed, clock, time zone in): this module only decides WHAT happens and WHEN;
// the core's demo loader carries every event out through the real services, so receipts, tokens,
// allocations, invoices and audit entries come from the same rules as real work.
//
// Amounts that depend on the services' own arithmetic (what a postpaid customer owes when paying
// an invoice) are given as a share of the open amount, which the loader reads at that instant.
import { createPrng, type Prng } from '../prng';
import type { TariffDefinition } from '../tariff';
import { buildSchedule } from '../contracts/schedule';
import { addDays, localDate, localDayBounds } from '../time';
import type { DemoCompany, DemoDevice } from './generate';
import { REGIONS, type DemoCountry } from './names';

export type DemoRole = 'manager' | 'cashier' | 'clerk';

export interface DemoUser {
  username: string;
  displayName: string;
  role: DemoRole;
  password: string;
}

/**
 * The demo's staff, beside the administrator made in the wizard. Passwords are published (README,
 * setup wizard): the demo is for looking around, never for real data.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'manager', displayName: 'Grace Okafor', role: 'manager', password: 'demo-manager' },
  { username: 'cashier1', displayName: 'Musa Ibrahim', role: 'cashier', password: 'demo-cashier1' },
  { username: 'cashier2', displayName: 'Tunde Bakare', role: 'cashier', password: 'demo-cashier2' },
  { username: 'clerk', displayName: 'Halima Sani', role: 'clerk', password: 'demo-clerk' },
];

const MANAGER = 'manager';
const CLERK = 'clerk';
const CASHIERS = ['cashier1', 'cashier2'] as const;

export interface DemoTariffVersion {
  effectiveFrom: string;
  approvalRef: string | null;
  definition: TariffDefinition;
}

export interface DemoTariff {
  key: 'prepaid-home' | 'prepaid-business' | 'postpaid';
  name: string;
  versions: DemoTariffVersion[];
}

export type DemoMethod = 'cash' | 'mobile_money' | 'bank';

/** A fixed amount, or a share (basis points) of what the customer's open invoices still owe. */
export type DemoAmount = { minor: number } | { shareOfOpenBp: number };

interface At {
  /** ISO instant the event happens at (the service's clock is set to it). */
  at: string;
  /** Username of the demo user who does it. */
  by: string;
}

export type DemoEvent = At &
  (
    | { type: 'tariff.create'; tariff: DemoTariff['key'] }
    | { type: 'tariff.addVersion'; tariff: DemoTariff['key']; version: number }
    | { type: 'tariff.assign'; tariff: DemoTariff['key']; deviceIds: string[] }
    | {
        type: 'payg.plan';
        deviceId: string;
        dailyPriceMinor: number;
        totalPriceMinor: number | null;
      }
    | { type: 'billing.settings'; miniGridId: string; provider: 'paystack'; page: string }
    | { type: 'reading'; key: string; deviceId: string; wh: number; note: string | null }
    | {
        type: 'reading.review';
        reading: string;
        decision: 'accepted' | 'rejected';
        note: string;
      }
    | {
        type: 'sale';
        key: string;
        deviceId: string;
        amount: DemoAmount;
        method: DemoMethod;
        reference: string | null;
      }
    | { type: 'sts.token'; sale: string; token: string }
    | { type: 'tokens.confirm'; sales: string[] }
    | { type: 'billing.run'; miniGridIds: string[]; period: string }
    | { type: 'billing.finalise'; miniGridId: string; period: string }
    | { type: 'day.close'; cashier: string; day: string }
    | {
        type: 'appliance.create';
        key: string;
        name: string;
        applianceType: 'tv' | 'fridge' | 'mill' | 'shs';
        priceMinor: number;
      }
    | {
        type: 'contract.sell';
        key: string;
        customerId: string;
        appliance: string;
        downPaymentMinor: number;
        plan: DemoContractPlan;
        /** A solar home system from stock (lockable: its tokens, and the unlock at payoff). */
        deviceId: string | null;
        /** The field agent who made the sale; null: sold at the office. */
        agent: string | null;
      }
    | {
        type: 'contract.pay';
        contract: string;
        amountMinor: number;
        method: DemoMethod;
        reference: string | null;
      }
    | { type: 'contract.close'; contract: string; action: 'writeOff' | 'repossess'; reason: string }
    /** The customer changed their mind within the days allowed: every payment is refunded. */
    | { type: 'contract.cancel'; contract: string; reason: string }
    /** A manager reverses the newest payment on the contract (here: the one that paid it off). */
    | { type: 'contract.reverseLast'; contract: string; reason: string }
  );

export type DemoContractPlan =
  | {
      kind: 'instalments';
      instalmentCount: number;
      frequency: 'weekly' | 'monthly';
      firstDueDate: string;
    }
  | {
      kind: 'per_day';
      dailyPriceMinor: number;
      minimumPaymentMinor: number;
      unlockTotalMinor: number;
    };

/** An event without its time and author (distributes over the union, unlike Omit). */
type Planned<E> = E extends DemoEvent ? Omit<E, 'at' | 'by'> : never;

export interface DemoActivity {
  users: readonly DemoUser[];
  tariffs: DemoTariff[];
  /** In time order; every instant is before `now`. */
  events: DemoEvent[];
}

export interface DemoActivityInput {
  seed: number;
  now: string;
  /** IANA zone of the office: office hours, days and months are local. */
  timeZone: string;
  countryCode: string;
  /** Decimals of the company's currency (prices are scaled to it). */
  currencyDecimals: number;
  /** The largest amount a command accepts (the counter ceiling): no price or sale goes above. */
  maxAmountMinor: number;
}

// --- Prices -----------------------------------------------------------------------------------

// Demo prices are written in naira and converted with a rough price level per country, then
// rounded to two significant digits so they read like real price lists. Invented for the demo.
const PRICE_LEVEL: Readonly<Record<DemoCountry, number>> = {
  NG: 1,
  KE: 0.085,
  UG: 2.4,
  TZ: 1.6,
  GH: 0.008,
  ZM: 0.017,
  MW: 1.1,
  MZ: 0.042,
  RW: 0.9,
  SL: 0.015,
};

/** Two significant digits, at least 1. */
function niceRound(value: number): number {
  if (value < 1) return 1;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(value)) - 1);
  return Math.round(value / magnitude) * magnitude;
}

interface PriceScale {
  /** Naira (major units) to minor units of the company's currency. */
  minor(naira: number): number;
  /** Naira per kWh to milli-minor units per kWh. */
  perKwh(naira: number): number;
}

function priceScale(country: DemoCountry, decimals: number, max: number): PriceScale {
  const level = PRICE_LEVEL[country];
  const minor = (naira: number) => Math.min(max, niceRound(naira * level * 10 ** decimals));
  return { minor, perKwh: (naira: number) => minor(naira) * 1000 };
}

/** VAT on electricity: Nigeria's 7.5%; other countries' rules differ, so the demo leaves it out. */
function vatFor(country: DemoCountry): number {
  return country === 'NG' ? 750 : 0;
}

function demoTariffs(
  scale: PriceScale,
  country: DemoCountry,
  firstDay: string,
  changeDay: string,
): DemoTariff[] {
  const vat = vatFor(country);
  const prepaid = (naira: number): TariffDefinition => ({
    bands: [{ uptoKwh: null, priceMilliMinorPerKwh: scale.perKwh(naira) }],
    lifeline: null,
    levies: [],
    accessCharge: null,
    minimumPurchaseMinor: scale.minor(500),
    vatBasisPoints: vat,
  });
  const postpaid = (low: number, high: number): TariffDefinition => ({
    bands: [
      { uptoKwh: 50, priceMilliMinorPerKwh: scale.perKwh(low) },
      { uptoKwh: null, priceMilliMinorPerKwh: scale.perKwh(high) },
    ],
    lifeline: null,
    levies: [],
    accessCharge: { amountMinor: scale.minor(1000), period: 'monthly' },
    minimumPurchaseMinor: scale.minor(500),
    vatBasisPoints: vat,
  });
  const first = 'Tariff order 2024/061';
  const change = `Tariff order ${changeDay.slice(0, 4)}/117`;
  return [
    {
      key: 'prepaid-home',
      name: 'Prepaid home',
      versions: [
        { effectiveFrom: firstDay, approvalRef: first, definition: prepaid(220) },
        { effectiveFrom: changeDay, approvalRef: change, definition: prepaid(250) },
      ],
    },
    {
      key: 'prepaid-business',
      name: 'Prepaid business',
      versions: [
        { effectiveFrom: firstDay, approvalRef: first, definition: prepaid(250) },
        { effectiveFrom: changeDay, approvalRef: change, definition: prepaid(280) },
      ],
    },
    {
      key: 'postpaid',
      name: 'Postpaid metered',
      versions: [
        { effectiveFrom: firstDay, approvalRef: first, definition: postpaid(200, 240) },
        { effectiveFrom: changeDay, approvalRef: change, definition: postpaid(220, 265) },
      ],
    },
  ];
}

/** Price per day and price to own, in naira, by model (the demo's own catalogue). */
const PAYG_TERMS: Readonly<Record<string, { daily: number; total: number }>> = {
  'LV-Home 60': { daily: 350, total: 210_000 },
  'LV-Home 120': { daily: 600, total: 360_000 },
  'SH-200 Pro': { daily: 900, total: 540_000 },
  'ZM-2 Cargo': { daily: 2500, total: 950_000 },
};
const DEFAULT_TERMS = { daily: 500, total: 300_000 };

// --- Calendar helpers -------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** First day of the month `offset` months from the month of `date` (YYYY-MM-DD). */
function monthStart(date: string, offset: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + offset;
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01`;
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

// --- The plan ---------------------------------------------------------------------------------

function demoCountryOf(code: string): DemoCountry {
  const upper = code.trim().toUpperCase();
  return Object.hasOwn(REGIONS, upper) ? (upper as DemoCountry) : 'NG';
}

function digits(rng: Prng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

export function planDemoActivity(company: DemoCompany, input: DemoActivityInput): DemoActivity {
  const nowMs = Date.parse(input.now);
  if (Number.isNaN(nowMs)) throw new RangeError(`now is not an ISO instant: ${input.now}`);
  const rng = createPrng(input.seed);
  const zone = input.timeZone;
  const country = demoCountryOf(input.countryCode);
  const scale = priceScale(country, input.currencyDecimals, input.maxAmountMinor);
  const today = localDate(nowMs, zone);
  const events: DemoEvent[] = [];

  /** An instant `minutes` after local midnight of `date`. */
  const at = (date: string, minutes: number): number =>
    Date.parse(localDayBounds(date, zone).startIso) + Math.round(minutes * MINUTE_MS);
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Office hours, 08:00 to 17:30 local, to the second. */
  const officeTime = (date: string): number =>
    at(date, rng.int(8 * 60, 17 * 60 + 29)) + rng.int(0, 59) * 1000;
  const push = (ms: number, by: string, event: Planned<DemoEvent>) => {
    if (ms < nowMs) events.push({ ...event, at: iso(ms), by });
  };

  const devices = company.devices;
  const customers = new Map(company.customers.map((c) => [c.id, c]));
  const villageGrid = new Map(company.villages.map((v) => [v.id, v.miniGridId]));
  const installedMs = (d: DemoDevice) => (d.installedAt ? Date.parse(d.installedAt) : null);
  const withCustomer = devices.filter((d) => d.customerId !== null);
  const isActive = (d: DemoDevice) =>
    d.customerId !== null && customers.get(d.customerId)?.status === 'active';

  // The company started using GridDesk a week before the first month of readings on record.
  const readingsFrom = monthStart(today, -6);
  const setupDay = addDays(readingsFrom, -7);
  const setupAt = at(setupDay, 9 * 60);
  const earliestInstall = devices
    .map((d) => d.installedAt)
    .filter((v): v is string => v !== null)
    .sort()[0];
  const firstDay = monthStart(
    earliestInstall ? localDate(Date.parse(earliestInstall), zone) : setupDay,
    0,
  );
  // The regulator's price change three months ago, entered ten days before it took effect.
  const changeDay = monthStart(today, -3);
  const tariffs = demoTariffs(scale, country, firstDay, changeDay);

  // 1. Set-up by the manager: tariffs, meters on them, PAYG terms, billing settings.
  let tick = setupAt;
  const step = () => (tick += 20_000);
  for (const t of tariffs) push(step(), MANAGER, { type: 'tariff.create', tariff: t.key });
  const meters = devices.filter((d) => d.kind === 'meter');
  const tariffOf = (d: DemoDevice): DemoTariff['key'] => {
    if (d.billingMode === 'postpaid') return 'postpaid';
    const owner = d.customerId ? customers.get(d.customerId) : undefined;
    return owner?.kind === 'business' ? 'prepaid-business' : 'prepaid-home';
  };
  for (const t of tariffs) {
    const ids = meters.filter((d) => tariffOf(d) === t.key).map((d) => d.id);
    if (ids.length > 0)
      push(step(), MANAGER, { type: 'tariff.assign', tariff: t.key, deviceIds: ids });
  }
  const planOf = new Map<string, number>();
  for (const d of devices) {
    if (d.kind === 'meter') continue;
    const terms = PAYG_TERMS[d.model] ?? DEFAULT_TERMS;
    const daily = scale.minor(terms.daily);
    planOf.set(d.id, daily);
    push(step(), MANAGER, {
      type: 'payg.plan',
      deviceId: d.id,
      dailyPriceMinor: daily,
      totalPriceMinor: scale.minor(terms.total),
    });
  }
  for (const grid of company.miniGrids) {
    push(step(), MANAGER, {
      type: 'billing.settings',
      miniGridId: grid.id,
      provider: 'paystack',
      page: `demo-${grid.code.toLowerCase()}-bills`,
    });
  }
  for (const t of tariffs) {
    push(at(addDays(changeDay, -10), 10 * 60), MANAGER, {
      type: 'tariff.addVersion',
      tariff: t.key,
      version: 1,
    });
  }

  // 2. Postpaid readings by the clerk: on the 1st or 2nd of every month (within the billing
  //    window), and when a meter is connected. One misread three months ago, rejected by the
  //    manager; this month one jump and one reset wait for review (after last month's window, so
  //    last month can still be billed cleanly).
  const postpaid = withCustomer.filter((d) => d.kind === 'meter' && d.billingMode === 'postpaid');
  const latest = new Map<string, { ms: number; wh: number }>();
  let readingNo = 0;
  const misreadMonth = monthStart(today, -3);
  const misreadMeter = postpaid.find((d) => (installedMs(d) ?? nowMs) < at(readingsFrom, 0));
  for (const meter of postpaid) {
    const owner = meter.customerId ? customers.get(meter.customerId) : undefined;
    const dailyKwh = owner?.kind === 'business' ? rng.int(60, 200) / 10 : rng.int(15, 60) / 10;
    const installMs = installedMs(meter) ?? nowMs;
    let last: { ms: number; wh: number } | null = null;
    const read = (ms: number, wh: number, note: string | null = null) => {
      if (ms >= nowMs) return null;
      const key = `reading-${++readingNo}`;
      push(ms, CLERK, { type: 'reading', key, deviceId: meter.id, wh, note });
      return key;
    };
    const grow = (fromMs: number, toMs: number, wh: number) =>
      wh + Math.round(((toMs - fromMs) / DAY_MS) * dailyKwh * (0.8 + rng.next() * 0.4) * 10) * 100;
    if (installMs >= at(readingsFrom, 0) && installMs < nowMs) {
      const ms = installMs + 30 * MINUTE_MS;
      const wh = rng.int(0, 20) * 100;
      if (read(ms, wh, 'at connection')) last = { ms, wh };
    }
    for (let k = -6; k <= 0; k++) {
      const first = monthStart(today, k);
      const ms = at(rng.chance(0.3) ? addDays(first, 1) : first, rng.int(9 * 60, 16 * 60));
      if (ms <= installMs + DAY_MS || ms >= nowMs) continue;
      const wh = last
        ? grow(last.ms, ms, last.wh)
        : Math.round(((ms - installMs) / DAY_MS) * dailyKwh * 10) * 100;
      if (meter === misreadMeter && first === misreadMonth && last) {
        // Mid-month, a digit too many: flagged as a jump; the manager rejects it the next day.
        const typoMs = at(addDays(first, 14), 11 * 60);
        const typo = read(typoMs, grow(last.ms, typoMs, last.wh) + 5_000_000, null);
        if (typo) {
          push(at(addDays(first, 15), 10 * 60), MANAGER, {
            type: 'reading.review',
            reading: typo,
            decision: 'rejected',
            note: 'Misread on site: one digit too many. The next reading is right.',
          });
        }
      }
      read(ms, wh);
      last = { ms, wh };
    }
    if (last) latest.set(meter.id, last);
  }
  const todayDay = Number(today.slice(8, 10));
  if (todayDay >= 7) {
    const candidates = rng.shuffle(
      postpaid.filter((d) => (latest.get(d.id)?.wh ?? 0) > 10_000 && d.status === 'installed'),
    );
    const [jumpy, reset] = candidates;
    const flaggedDay = addDays(monthStart(today, 0), rng.int(4, todayDay - 2));
    if (jumpy) {
      const prior = latest.get(jumpy.id);
      if (prior) {
        const ms = at(flaggedDay, 10 * 60);
        const wh = prior.wh + Math.ceil((ms - prior.ms) / DAY_MS) * 200_000 + 1_000_000;
        read0(jumpy.id, ms, wh, 'read by the new field assistant');
      }
    }
    if (reset) {
      const ms = at(flaggedDay, 14 * 60);
      read0(reset.id, ms, rng.int(1, 9) * 100, 'meter display looked new');
    }
  }
  function read0(deviceId: string, ms: number, wh: number, note: string) {
    push(ms, CLERK, { type: 'reading', key: `reading-${++readingNo}`, deviceId, wh, note });
  }

  // 3. Counter sales in the last eight weeks (Monday to Saturday), by two cashiers.
  const sales: { key: string; ms: number; by: string }[] = [];
  let saleNo = 0;
  const method = (): { method: DemoMethod; reference: string | null } => {
    const roll = rng.next();
    if (roll < 0.55) return { method: 'cash', reference: null };
    if (roll < 0.95) return { method: 'mobile_money', reference: `MM${digits(rng, 10)}` };
    return { method: 'bank', reference: `TRF${digits(rng, 8)}` };
  };
  const sale = (ms: number, deviceId: string, amount: DemoAmount): string | null => {
    const date = localDate(ms, zone);
    if (date >= today || weekday(date) === 0) return null;
    const key = `sale-${++saleNo}`;
    const by = rng.pick(CASHIERS);
    push(ms, by, { type: 'sale', key, deviceId, amount, ...method() });
    sales.push({ key, ms, by });
    return key;
  };
  const windowStart = addDays(today, -56);
  const startDay = (d: DemoDevice) => {
    const installed = installedMs(d);
    const from = installed ? localDate(installed, zone) : windowStart;
    return from > windowStart ? addDays(from, 1) : windowStart;
  };

  // Solar home systems and e-bikes: most owners pay every week, fortnight or month.
  const confirmGap = 20_000;
  for (const device of withCustomer) {
    if (device.kind === 'meter' || device.status !== 'installed' || !isActive(device)) continue;
    if (!rng.chance(0.75)) continue;
    const daily = planOf.get(device.id);
    if (daily === undefined) continue;
    const every = rng.pick([7, 7, 14, 14, 30]);
    let day = addDays(startDay(device), rng.int(0, every - 1));
    const unconfirmed: string[] = [];
    while (day < today) {
      const ms = officeTime(day);
      const days = every + (rng.chance(0.3) ? rng.int(1, 3) : 0);
      if (unconfirmed.length > 0 && rng.chance(0.85)) {
        // The customer says the last tokens went in; the cashier ticks them before the sale.
        const by = rng.pick(CASHIERS);
        push(ms - confirmGap, by, { type: 'tokens.confirm', sales: [...unconfirmed] });
        unconfirmed.length = 0;
      }
      const key = sale(ms, device.id, { minor: daily * days });
      if (key) unconfirmed.push(key);
      day = addDays(day, days);
    }
  }

  // Prepaid meters: some customers buy energy once to a few times; the clerk types most vendor
  // tokens in within hours, the latest few are still pending.
  const stsTokens = new Set<string>();
  const prepaidAmounts = [500, 1000, 1000, 1500, 2000, 2000, 3000, 5000, 10_000];
  for (const meter of withCustomer) {
    if (meter.kind !== 'meter' || meter.billingMode !== 'prepaid' || !isActive(meter)) continue;
    if (!rng.chance(0.4)) continue;
    const business = customers.get(meter.customerId ?? '')?.kind === 'business';
    const from = startDay(meter);
    const span = daysBetween(from, today);
    if (span < 1) continue;
    const count = rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const ms = officeTime(addDays(from, rng.int(0, span - 1)));
      const naira = rng.pick(prepaidAmounts) * (business ? 3 : 1);
      const key = sale(ms, meter.id, { minor: scale.minor(naira) });
      if (!key || !rng.chance(0.85)) continue;
      let token = `${rng.int(1, 6)}${digits(rng, 19)}`;
      while (stsTokens.has(token)) token = `${rng.int(1, 6)}${digits(rng, 19)}`;
      stsTokens.add(token);
      push(ms + rng.int(10, 300) * MINUTE_MS, CLERK, { type: 'sts.token', sale: key, token });
    }
  }

  // 3b. Appliance contracts (docs/appliances.md): a few TVs, fridges and mills sold on credit by
  //     the clerk (who takes the down payment), paid at the counter on their due dates until the
  //     story of each contract says otherwise, so the lists and PAR have contracts in every
  //     state: current, late by days, weeks and months, paid off (a solar home system with its
  //     unlock token), written off, repossessed, cancelled within the days allowed, and one
  //     reopened because the payment that paid it off was reversed. Most are sold through one of
  //     two field agents, so the figures by agent are alive too.
  const catalog = [
    { key: 'tv', name: 'Solar TV 32"', applianceType: 'tv' as const, naira: 150_000 },
    { key: 'fridge', name: 'Solar fridge 100 L', applianceType: 'fridge' as const, naira: 480_000 },
    { key: 'mill', name: 'Grain mill', applianceType: 'mill' as const, naira: 600_000 },
    { key: 'shs', name: 'Solar home kit', applianceType: 'shs' as const, naira: 240_000 },
  ];
  const priceOf = new Map(catalog.map((c) => [c.key, scale.minor(c.naira)]));
  for (const c of catalog) {
    push(setupAt + 30 * MINUTE_MS, MANAGER, {
      type: 'appliance.create',
      key: c.key,
      name: c.name,
      applianceType: c.applianceType,
      priceMinor: priceOf.get(c.key) ?? 0,
    });
  }
  interface ContractStory {
    appliance: string;
    soldDaysAgo: number;
    count: number;
    frequency: 'weekly' | 'monthly';
    /** Instalments paid on their due dates (all that fell due when null). */
    pays: number | null;
    close?: { action: 'writeOff' | 'repossess'; daysAgo: number; reason: string };
    /** Days ago the manager reversed the payment that paid the contract off (it reopens). */
    reverseLastDaysAgo?: number;
  }
  const stories: ContractStory[] = [
    { appliance: 'tv', soldDaysAgo: 70, count: 12, frequency: 'weekly', pays: null },
    { appliance: 'tv', soldDaysAgo: 100, count: 16, frequency: 'weekly', pays: 11 },
    { appliance: 'fridge', soldDaysAgo: 150, count: 6, frequency: 'monthly', pays: 2 },
    { appliance: 'mill', soldDaysAgo: 170, count: 12, frequency: 'weekly', pays: 1 },
    { appliance: 'tv', soldDaysAgo: 120, count: 8, frequency: 'weekly', pays: 8 },
    {
      appliance: 'fridge',
      soldDaysAgo: 160,
      count: 6,
      frequency: 'monthly',
      pays: 1,
      close: {
        action: 'writeOff',
        daysAgo: 20,
        reason: 'Customer moved away; no contact for months',
      },
    },
    {
      appliance: 'mill',
      soldDaysAgo: 140,
      count: 10,
      frequency: 'weekly',
      pays: 2,
      close: {
        action: 'repossess',
        daysAgo: 15,
        reason: 'Collected by the field agent after 3 visits',
      },
    },
    // Solar home systems from stock: one paid off (its unlock token issued), one paid off and
    // then reopened when its last payment was reversed (a mobile money charge-back).
    { appliance: 'shs', soldDaysAgo: 60, count: 4, frequency: 'weekly', pays: null },
    {
      appliance: 'shs',
      soldDaysAgo: 50,
      count: 4,
      frequency: 'weekly',
      pays: null,
      reverseLastDaysAgo: 10,
    },
  ];
  const AGENTS = ['Ibrahim Danjuma', 'Chiamaka Eze'];
  // Stock solar home systems with their OpenPAYGO credentials (the generator keeps at least two).
  const stockShs = devices.filter((d) => d.kind === 'shs' && d.status === 'in_stock');
  /** A working day on or after `date` (the office is closed on Sundays). */
  const workday = (date: string) => (weekday(date) === 0 ? addDays(date, 1) : date);
  const buyers = company.customers.filter((c) => c.status === 'active');
  let contractNo = 0;
  const contractPay = (date: string, contract: string, amountMinor: number) => {
    const day = workday(date);
    if (day >= today) return;
    const ms = officeTime(day);
    const by = rng.pick(CASHIERS);
    push(ms, by, { type: 'contract.pay', contract, amountMinor, ...method() });
    sales.push({ key: `${contract}-pay-${ms}`, ms, by });
  };
  const sell = (
    customerId: string,
    appliance: string,
    soldDaysAgo: number,
    plan: DemoContractPlan,
    deviceId: string | null = null,
    agent: string | null = null,
  ): { key: string; day: string; down: number } | null => {
    const day = workday(addDays(today, -soldDaysAgo));
    if (day >= today) return null;
    const key = `contract-${++contractNo}`;
    const down = Math.floor((priceOf.get(appliance) ?? 0) / 5);
    // Before noon, so the first payments of the day come after the sale.
    const ms = at(day, rng.int(8 * 60, 11 * 60));
    push(ms, CLERK, {
      type: 'contract.sell',
      key,
      customerId,
      appliance,
      downPaymentMinor: down,
      plan,
      deviceId,
      agent,
    });
    sales.push({ key, ms, by: CLERK });
    return { key, day, down };
  };
  stories.forEach((story, i) => {
    const buyer = buyers[(i * 37) % Math.max(1, buyers.length)];
    if (!buyer) return;
    const soldOn = workday(addDays(today, -story.soldDaysAgo));
    const firstDueDate = addDays(soldOn, story.frequency === 'weekly' ? 7 : 30);
    const plan: DemoContractPlan = {
      kind: 'instalments',
      instalmentCount: story.count,
      frequency: story.frequency,
      firstDueDate,
    };
    const device = story.appliance === 'shs' ? stockShs.shift() : undefined;
    if (story.appliance === 'shs' && !device) return;
    // Two in three through a field agent, the rest at the office.
    const agent = i % 3 === 2 ? null : (AGENTS[i % 3] ?? null);
    const sold = sell(buyer.id, story.appliance, story.soldDaysAgo, plan, device?.id, agent);
    if (!sold) return;
    const schedule = buildSchedule({
      financed: (priceOf.get(story.appliance) ?? 0) - sold.down,
      count: story.count,
      frequency: story.frequency,
      firstDueDate,
    });
    if (!schedule.ok) return;
    const paying = schedule.instalments.slice(0, story.pays ?? story.count);
    for (const inst of paying) contractPay(inst.dueDate, sold.key, inst.amount);
    if (story.reverseLastDaysAgo !== undefined) {
      const day = workday(addDays(today, -story.reverseLastDaysAgo));
      const ms = at(day, 14 * 60);
      push(ms, MANAGER, {
        type: 'contract.reverseLast',
        contract: sold.key,
        reason: 'Mobile money payment charged back by the operator',
      });
      sales.push({ key: `${sold.key}-reversal`, ms, by: MANAGER });
    }
    if (story.close) {
      const ms = at(workday(addDays(today, -story.close.daysAgo)), 15 * 60);
      push(ms, MANAGER, {
        type: 'contract.close',
        contract: sold.key,
        action: story.close.action,
        reason: story.close.reason,
      });
    }
  });
  // Energy as a service: a fridge paid by the week at a price per day, unlocked at its price.
  const fridgePrice = priceOf.get('fridge') ?? 0;
  const daily = Math.max(1, Math.floor(fridgePrice / 365));
  const eaasBuyer = buyers[(stories.length * 37) % Math.max(1, buyers.length)];
  if (eaasBuyer) {
    const sold = sell(eaasBuyer.id, 'fridge', 45, {
      kind: 'per_day',
      dailyPriceMinor: daily,
      minimumPaymentMinor: daily * 7,
      unlockTotalMinor: fridgePrice,
    });
    if (sold) {
      for (let d = 7; addDays(sold.day, d) < today; d += 7) {
        contractPay(addDays(sold.day, d), sold.key, daily * 7);
      }
    }
  }

  // A TV sold days ago and cancelled two days later, within the 7 days Settings allow: the down
  // payment is refunded (a reversal by the manager) and the contract is closed as cancelled.
  const regretBuyer = buyers[((stories.length + 1) * 37) % Math.max(1, buyers.length)];
  if (regretBuyer) {
    const plan: DemoContractPlan = {
      kind: 'instalments',
      instalmentCount: 10,
      frequency: 'weekly',
      firstDueDate: addDays(workday(addDays(today, -6)), 7),
    };
    const sold = sell(regretBuyer.id, 'tv', 6, plan, null, AGENTS[1] ?? null);
    const day = sold ? workday(addDays(sold.day, 2)) : today;
    if (sold && day < today) {
      const ms = at(day, 15 * 60);
      push(ms, MANAGER, {
        type: 'contract.cancel',
        contract: sold.key,
        reason: 'The customer changed their mind; TV returned unused',
      });
      sales.push({ key: `${sold.key}-cancel`, ms, by: MANAGER });
    }
  }

  // 4. Billing: the manager bills both mini-grids for the months four to two months ago on the
  //    5th of the next month and finalises at once; customers then pay all, part or nothing of
  //    what is open. Last month: the first mini-grid has a draft run waiting to be finalised, the
  //    second is not billed yet.
  const grids = company.miniGrids.map((g) => g.id);
  const postpaidOf = (gridId: string) =>
    postpaid.filter((d) => villageGrid.get(d.villageId) === gridId && isActive(d));
  for (let p = -4; p <= -2; p++) {
    const period = monthStart(today, p).slice(0, 7);
    const runDay = addDays(monthStart(today, p + 1), 4);
    const runMs = at(runDay, 10 * 60);
    push(runMs, MANAGER, { type: 'billing.run', miniGridIds: grids, period });
    grids.forEach((gridId, i) => {
      push(runMs + (i + 1) * 20 * MINUTE_MS, MANAGER, {
        type: 'billing.finalise',
        miniGridId: gridId,
        period,
      });
      for (const meter of postpaidOf(gridId)) {
        const roll = rng.next();
        if (roll < 0.15) continue;
        const share = roll < 0.4 ? rng.int(3, 7) * 1000 : 10_000;
        const paid = officeTime(addDays(runDay, rng.int(2, 24)));
        sale(paid, meter.id, { shareOfOpenBp: share });
      }
    });
  }
  const [firstGrid] = grids;
  const lastPeriodEnd = monthStart(today, 0);
  if (firstGrid !== undefined) {
    const draftMs = Math.min(at(addDays(lastPeriodEnd, 4), 10 * 60), nowMs - 15 * MINUTE_MS);
    if (draftMs >= at(lastPeriodEnd, 0)) {
      push(draftMs, MANAGER, {
        type: 'billing.run',
        miniGridIds: [firstGrid],
        period: monthStart(today, -1).slice(0, 7),
      });
    }
  }

  // 5. Day-ends: the manager closes each cashier's day after their last sale (past days only).
  const lastSale = new Map<string, { by: string; day: string; ms: number }>();
  for (const s of sales) {
    const day = localDate(s.ms, zone);
    const id = `${s.by}|${day}`;
    const known = lastSale.get(id);
    if (!known || known.ms < s.ms) lastSale.set(id, { by: s.by, day, ms: s.ms });
  }
  for (const { by, day, ms } of lastSale.values()) {
    if (day < today) {
      push(ms + rng.int(20, 90) * MINUTE_MS, MANAGER, { type: 'day.close', cashier: by, day });
    }
  }

  // Stable sort: events at the same instant keep the order they were planned in.
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { users: DEMO_USERS, tariffs, events };
}
