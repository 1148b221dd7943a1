// The monthly figures managers report (docs/reports.md): revenue by place, payment type and
// method; energy sold prepaid and billed postpaid; use and revenue per customer; customers new,
// active, inactive and churned; tokens by kind; collections against billing; targets against
// actuals. The core loads plain rows from the ledgers; every rule about what counts where is here,
// so a reader asking "why is this figure so?" lands in this file.
import {
  PAYMENT_METHODS,
  type AllocationKind,
  type PaymentMethod,
  type TargetMetric,
} from '../vocabulary';

/** How revenue is grouped for the owner: what the money paid for. */
export const REVENUE_TYPES = [
  'energy',
  'access_charges',
  'instalments',
  'invoices',
  'credit',
] as const;
export type RevenueType = (typeof REVENUE_TYPES)[number];

/**
 * Each part of a payment counts under one revenue type. Days bought for a lockable device pay for
 * the device (its PAYG plan), so they are instalments; money left on the account is credit until a
 * later purchase spends it (the later purchase is a new payment, so nothing is counted twice).
 * An appliance contract's down payment and later payments pay for the appliance: instalments.
 */
export const REVENUE_TYPE_OF: Record<AllocationKind, RevenueType> = {
  energy: 'energy',
  access_debt: 'access_charges',
  instalment: 'instalments',
  days: 'instalments',
  invoice: 'invoices',
  credit: 'credit',
  account_credit: 'credit',
  down_payment: 'instalments',
  contract: 'instalments',
};

export interface Place {
  villageId: string;
  villageName: string;
  miniGridId: string;
  miniGridCode: string;
  miniGridName: string;
  clusterId: string;
  clusterName: string;
}

/** One part of a payment (or of a reversal, negative) received in the period. */
export interface AllocationRow {
  paymentId: string;
  customerId: string;
  villageId: string;
  method: PaymentMethod;
  kind: AllocationKind;
  amountMinor: number;
  /** Energy bought (kind `energy`), negative on a reversal. */
  wh: number | null;
}

/** A final invoice of the period (a postpaid meter's bill). */
export interface InvoiceRow {
  customerId: string;
  villageId: string;
  chargesMinor: number;
  billedWh: number;
}

export interface TokenRow {
  villageId: string;
  /** OpenPAYGO token type, or `STS` for an STS vendor token sold in the period. */
  kind: string;
}

export interface CustomerRow {
  id: string;
  villageId: string;
  /** UTC instants (ISO). */
  createdAt: string;
  deletedAt: string | null;
}

export interface MonthlyRows {
  period: string;
  /** UTC instants bounding the period: [startIso, endIso). */
  startIso: string;
  endIso: string;
  places: readonly Place[];
  allocations: readonly AllocationRow[];
  /** Net paid per customer in the month before, to tell churn. */
  previousNetByCustomer: ReadonlyMap<string, number>;
  invoices: readonly InvoiceRow[];
  tokens: readonly TokenRow[];
  /** STS purchases still waiting for their vendor token at the end of the period. */
  stsPendingAtEnd: number;
  customers: readonly CustomerRow[];
}

export interface Amount {
  amountMinor: number;
}

export interface MonthlyFigures {
  period: string;
  empty: boolean;
  revenue: {
    totalMinor: number;
    rows: {
      villageId: string;
      type: RevenueType;
      method: PaymentMethod;
      amountMinor: number;
    }[];
    byType: { type: RevenueType; amountMinor: number }[];
    byMethod: { method: PaymentMethod; amountMinor: number }[];
    byCluster: { clusterId: string; name: string; amountMinor: number }[];
    byMiniGrid: { miniGridId: string; code: string; name: string; amountMinor: number }[];
    byVillage: { villageId: string; name: string; miniGridCode: string; amountMinor: number }[];
  };
  energy: {
    prepaidSoldWh: number;
    prepaidRevenueMinor: number;
    postpaidBilledWh: number;
    postpaidBilledMinor: number;
    totalWh: number;
    byMiniGrid: { miniGridId: string; code: string; prepaidWh: number; postpaidWh: number }[];
  };
  customers: {
    atStart: number;
    new: number;
    atEnd: number;
    active: number;
    inactive: number;
    activeBefore: number;
    churned: number;
    /** churned / active the month before; null when nobody was active then. */
    churnRate: number | null;
  };
  perCustomer: {
    /** Energy (prepaid sold + postpaid billed) per active customer, Wh, rounded. */
    whPerActiveCustomer: number | null;
    /** Revenue per active customer (ARPU), minor units, rounded half away from zero. */
    arpuMinor: number | null;
  };
  tokens: {
    total: number;
    byKind: { kind: string; count: number }[];
    stsPendingAtEnd: number;
  };
  collections: {
    billedMinor: number;
    collectedMinor: number;
    /** collected / billed; null when nothing was billed. */
    efficiency: number | null;
  };
}

/** Integer division rounded half away from zero (figures per customer). */
function divRound(numerator: number, denominator: number): number {
  const q = Math.abs(numerator) / denominator;
  const r = Math.floor(q + 0.5);
  return numerator < 0 ? -r : r;
}

/** A ratio kept to 4 decimals (0.1234 = 12.34 %), enough for a printed percentage. */
export function ratio(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

function sumInto<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

/** A customer is registered at an instant if created before it and not deleted by then. */
function registeredAt(c: CustomerRow, instant: string): boolean {
  return c.createdAt < instant && (c.deletedAt === null || c.deletedAt >= instant);
}

export function monthlyFigures(rows: MonthlyRows): MonthlyFigures {
  const placeOf = new Map(rows.places.map((p) => [p.villageId, p]));
  const place = (villageId: string): Place => {
    const p = placeOf.get(villageId);
    if (!p) throw new RangeError(`village ${villageId} is not in the report's scope`);
    return p;
  };

  // --- revenue: every part of every payment received in the period, reversals netted ---
  const cell = new Map<string, number>();
  const byType = new Map<RevenueType, number>();
  const byMethod = new Map<PaymentMethod, number>();
  const byVillage = new Map<string, number>();
  const netByCustomer = new Map<string, number>();
  let totalMinor = 0;
  let prepaidSoldWh = 0;
  let prepaidRevenueMinor = 0;
  let collectedMinor = 0;
  const prepaidWhByGrid = new Map<string, number>();
  for (const a of rows.allocations) {
    const type = REVENUE_TYPE_OF[a.kind];
    place(a.villageId);
    sumInto(cell, `${a.villageId}\u0000${type}\u0000${a.method}`, a.amountMinor);
    sumInto(byType, type, a.amountMinor);
    sumInto(byMethod, a.method, a.amountMinor);
    sumInto(byVillage, a.villageId, a.amountMinor);
    sumInto(netByCustomer, a.customerId, a.amountMinor);
    totalMinor += a.amountMinor;
    if (a.kind === 'energy') {
      prepaidSoldWh += a.wh ?? 0;
      prepaidRevenueMinor += a.amountMinor;
      sumInto(prepaidWhByGrid, place(a.villageId).miniGridId, a.wh ?? 0);
    }
    if (a.kind === 'invoice') collectedMinor += a.amountMinor;
  }

  // Places in a stable order: cluster, mini-grid code, village name.
  const places = [...rows.places].sort(
    (x, y) =>
      x.clusterName.localeCompare(y.clusterName) ||
      x.miniGridCode.localeCompare(y.miniGridCode) ||
      x.villageName.localeCompare(y.villageName) ||
      x.villageId.localeCompare(y.villageId),
  );
  const grids: Place[] = [];
  const clusters: Place[] = [];
  for (const p of places) {
    if (!grids.some((g) => g.miniGridId === p.miniGridId)) grids.push(p);
    if (!clusters.some((c) => c.clusterId === p.clusterId)) clusters.push(p);
  }
  const revenueRows = places
    .flatMap((p) =>
      REVENUE_TYPES.flatMap((type) =>
        PAYMENT_METHODS.map((method) => ({
          villageId: p.villageId,
          type,
          method,
          amountMinor: cell.get(`${p.villageId}\u0000${type}\u0000${method}`) ?? 0,
        })),
      ),
    )
    .filter((r) => r.amountMinor !== 0);
  const villageSum = (filter: (p: Place) => boolean) =>
    places.filter(filter).reduce((s, p) => s + (byVillage.get(p.villageId) ?? 0), 0);

  // --- postpaid: final invoices of the period ---
  let postpaidBilledWh = 0;
  let billedMinor = 0;
  const postpaidWhByGrid = new Map<string, number>();
  for (const i of rows.invoices) {
    postpaidBilledWh += i.billedWh;
    billedMinor += i.chargesMinor;
    sumInto(postpaidWhByGrid, place(i.villageId).miniGridId, i.billedWh);
  }

  // --- customers ---
  const atStart = rows.customers.filter((c) => registeredAt(c, rows.startIso)).length;
  const atEnd = rows.customers.filter((c) => registeredAt(c, rows.endIso)).length;
  const created = rows.customers.filter(
    (c) => c.createdAt >= rows.startIso && c.createdAt < rows.endIso,
  ).length;
  const isActive = (net: number | undefined) => net !== undefined && net > 0;
  const activeIds = new Set([...netByCustomer].filter(([, n]) => isActive(n)).map(([id]) => id));
  const activeBeforeIds = [...rows.previousNetByCustomer]
    .filter(([, n]) => isActive(n))
    .map(([id]) => id);
  const endIds = new Set(
    rows.customers.filter((c) => registeredAt(c, rows.endIso)).map((c) => c.id),
  );
  const churned = activeBeforeIds.filter((id) => !activeIds.has(id)).length;
  const inactive = [...endIds].filter((id) => !activeIds.has(id)).length;

  // --- tokens ---
  const tokenCounts = new Map<string, number>();
  for (const tk of rows.tokens) {
    place(tk.villageId);
    sumInto(tokenCounts, tk.kind, 1);
  }

  const totalWh = prepaidSoldWh + postpaidBilledWh;
  const active = activeIds.size;
  return {
    period: rows.period,
    empty:
      rows.allocations.length === 0 &&
      rows.invoices.length === 0 &&
      rows.tokens.length === 0 &&
      created === 0,
    revenue: {
      totalMinor,
      rows: revenueRows,
      byType: REVENUE_TYPES.map((type) => ({ type, amountMinor: byType.get(type) ?? 0 })),
      byMethod: PAYMENT_METHODS.map((method) => ({
        method,
        amountMinor: byMethod.get(method) ?? 0,
      })),
      byCluster: clusters.map((c) => ({
        clusterId: c.clusterId,
        name: c.clusterName,
        amountMinor: villageSum((p) => p.clusterId === c.clusterId),
      })),
      byMiniGrid: grids.map((g) => ({
        miniGridId: g.miniGridId,
        code: g.miniGridCode,
        name: g.miniGridName,
        amountMinor: villageSum((p) => p.miniGridId === g.miniGridId),
      })),
      byVillage: places.map((p) => ({
        villageId: p.villageId,
        name: p.villageName,
        miniGridCode: p.miniGridCode,
        amountMinor: byVillage.get(p.villageId) ?? 0,
      })),
    },
    energy: {
      prepaidSoldWh,
      prepaidRevenueMinor,
      postpaidBilledWh,
      postpaidBilledMinor: billedMinor,
      totalWh,
      byMiniGrid: grids.map((g) => ({
        miniGridId: g.miniGridId,
        code: g.miniGridCode,
        prepaidWh: prepaidWhByGrid.get(g.miniGridId) ?? 0,
        postpaidWh: postpaidWhByGrid.get(g.miniGridId) ?? 0,
      })),
    },
    customers: {
      atStart,
      new: created,
      atEnd,
      active,
      inactive,
      activeBefore: activeBeforeIds.length,
      churned,
      churnRate: ratio(churned, activeBeforeIds.length),
    },
    perCustomer: {
      whPerActiveCustomer: active === 0 ? null : divRound(totalWh, active),
      arpuMinor: active === 0 ? null : divRound(totalMinor, active),
    },
    tokens: {
      total: rows.tokens.length,
      byKind: [...tokenCounts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, count]) => ({ kind, count })),
      stsPendingAtEnd: rows.stsPendingAtEnd,
    },
    collections: {
      billedMinor,
      collectedMinor,
      efficiency: ratio(collectedMinor, billedMinor),
    },
  };
}

// --- targets ---

/**
 * What a target's metric measures, from the figures of its range: revenue in minor units, new
 * customers as a count, energy in Wh (prepaid sold + postpaid billed), collection rate in basis
 * points (10,000 = every billed amount collected).
 */
export function targetActual(metric: TargetMetric, f: MonthlyFigures): number | null {
  switch (metric) {
    case 'revenue':
      return f.revenue.totalMinor;
    case 'new_customers':
      return f.customers.new;
    case 'energy_sold':
      return f.energy.totalWh;
    case 'collection_rate':
      return f.collections.billedMinor === 0
        ? null
        : Math.round((f.collections.collectedMinor * 10_000) / f.collections.billedMinor);
  }
}

/** Progress toward a target: actual / target, null when either is unknown or the target is 0. */
export function targetProgress(actual: number | null, target: number): number | null {
  if (actual === null || target === 0) return null;
  return ratio(actual, target);
}
