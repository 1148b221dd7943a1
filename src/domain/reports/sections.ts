// Sections of the monthly pack beyond the core figures (docs/reports.md): the cashiers' day-ends,
// consumption per connection with the top and bottom consumers, and energy generated against
// energy sold with the losses the regulator allows. Pure: the core loads the rows.

import { ratio, type AllocationRow, type InvoiceRow } from './monthly';

// --- cashier day-ends ---

export interface CashierTaken {
  cashierName: string;
  /** Payments (reversals as negative) received in the period, and their net. */
  receipts: number;
  netMinor: number;
}

export interface DayClose {
  day: string;
  cashierName: string;
  receipts: number;
  netMinor: number;
  /** Counted less expected cash when the manager counted the drawer; null when not counted. */
  cashDifferenceMinor: number | null;
}

export interface DayEndsSummary {
  rows: {
    cashierName: string;
    receipts: number;
    netMinor: number;
    daysClosed: number;
    closedNetMinor: number;
    /** Shortages negative, overages positive, over the counted days. */
    cashDifferenceMinor: number;
    daysCounted: number;
  }[];
  totals: {
    receipts: number;
    netMinor: number;
    daysClosed: number;
    closedNetMinor: number;
    cashDifferenceMinor: number;
  };
}

/**
 * Per cashier: what the ledger says they took in the period, and the days a manager closed with
 * the cash differences found. Cashiers appear if they took money or had a day closed.
 */
export function dayEndsSummary(
  taken: readonly CashierTaken[],
  closes: readonly DayClose[],
): DayEndsSummary {
  const rows = new Map<string, DayEndsSummary['rows'][number]>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) {
      r = {
        cashierName: name,
        receipts: 0,
        netMinor: 0,
        daysClosed: 0,
        closedNetMinor: 0,
        cashDifferenceMinor: 0,
        daysCounted: 0,
      };
      rows.set(name, r);
    }
    return r;
  };
  for (const t of taken) {
    const r = row(t.cashierName);
    r.receipts += t.receipts;
    r.netMinor += t.netMinor;
  }
  for (const c of closes) {
    const r = row(c.cashierName);
    r.daysClosed += 1;
    r.closedNetMinor += c.netMinor;
    if (c.cashDifferenceMinor !== null) {
      r.daysCounted += 1;
      r.cashDifferenceMinor += c.cashDifferenceMinor;
    }
  }
  const list = [...rows.values()].sort((a, b) =>
    a.cashierName < b.cashierName ? -1 : a.cashierName > b.cashierName ? 1 : 0,
  );
  const total = (
    k: 'receipts' | 'netMinor' | 'daysClosed' | 'closedNetMinor' | 'cashDifferenceMinor',
  ) => list.reduce((s, r) => s + r[k], 0);
  return {
    rows: list,
    totals: {
      receipts: total('receipts'),
      netMinor: total('netMinor'),
      daysClosed: total('daysClosed'),
      closedNetMinor: total('closedNetMinor'),
      cashDifferenceMinor: total('cashDifferenceMinor'),
    },
  };
}

// --- consumption per connection ---

/** How many customers the top and bottom lists show. */
export const CONSUMER_LIST_SIZE = 10;

export interface Connection {
  customerId: string;
  accountNumber: string;
  name: string;
  villageId: string;
}

export interface ConnectionUse extends Connection {
  /** Energy sold prepaid plus billed postpaid to the customer in the period (Wh). */
  wh: number;
}

export interface Consumption {
  /** Customers with a meter in service by the end of the period (a connection each). */
  connections: number;
  totalWh: number;
  /** totalWh / connections, rounded to the Wh; null without connections. */
  whPerConnection: number | null;
  top: ConnectionUse[];
  bottom: ConnectionUse[];
}

/**
 * The connected customers by energy (prepaid Wh bought, reversals netted, plus postpaid Wh billed
 * in the period): the largest and the smallest users, zero included (a connection that bought
 * nothing is what a manager looks for). Ties go by account number; nobody is in both lists.
 */
export function consumption(
  connections: readonly Connection[],
  allocations: readonly Pick<AllocationRow, 'customerId' | 'kind' | 'wh'>[],
  invoices: readonly Pick<InvoiceRow, 'customerId' | 'billedWh'>[],
  size = CONSUMER_LIST_SIZE,
): Consumption {
  const use = new Map<string, number>();
  for (const a of allocations)
    if (a.kind === 'energy') use.set(a.customerId, (use.get(a.customerId) ?? 0) + (a.wh ?? 0));
  for (const i of invoices) use.set(i.customerId, (use.get(i.customerId) ?? 0) + i.billedWh);
  const connected: ConnectionUse[] = connections.map((c) => ({
    ...c,
    wh: use.get(c.customerId) ?? 0,
  }));
  const byUse = [...connected].sort(
    (a, b) =>
      b.wh - a.wh ||
      (a.accountNumber < b.accountNumber ? -1 : a.accountNumber > b.accountNumber ? 1 : 0),
  );
  const totalWh = connected.reduce((s, c) => s + c.wh, 0);
  const n = connected.length;
  return {
    connections: n,
    totalWh,
    whPerConnection: n === 0 ? null : Math.round(totalWh / n),
    top: byUse.slice(0, size),
    bottom: byUse.slice(Math.max(size, n - size)).reverse(),
  };
}

// --- energy generated against sold ---

/**
 * Losses the Nigerian regulator allows a mini-grid (NERC Mini-Grid Regulations 2023,
 * docs/domain.md §12): 4 % technical and 3 % non-technical, in basis points of generation.
 */
export const ALLOWED_LOSSES_BP = { technical: 400, nonTechnical: 300 } as const;
const ALLOWED_BP = ALLOWED_LOSSES_BP.technical + ALLOWED_LOSSES_BP.nonTechnical;

export interface GenerationReading {
  at: string;
  wh: number;
}

/**
 * Energy a generation meter counted in [startIso, endIso): the rises between its trusted readings
 * from the last one before the start to the last one before the end. A drop (a reset or a swapped
 * meter) counts zero and starts a new baseline, as for billing (docs/domain.md §7).
 */
export function generatedWh(
  readings: readonly GenerationReading[],
  startIso: string,
  endIso: string,
): number {
  const sorted = [...readings].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  let base: GenerationReading | null = null;
  let total = 0;
  for (const r of sorted) {
    if (r.at >= endIso) break;
    if (r.at < startIso) {
      base = r;
      continue;
    }
    if (base && r.wh > base.wh) total += r.wh - base.wh;
    base = r;
  }
  return total;
}

export interface GridEnergy {
  miniGridId: string;
  code: string;
  /** Null when the mini-grid has no generation meter. */
  generatedWh: number | null;
  soldWh: number;
}

export interface EnergyBalance {
  rows: {
    miniGridId: string;
    code: string;
    generatedWh: number;
    soldWh: number;
    lossWh: number;
    /** lossWh / generatedWh; null when nothing was generated. */
    lossShare: number | null;
    allowedWh: number;
    /** Losses above the allowance (0 when within it). */
    excessWh: number;
  }[];
  totals: { generatedWh: number; soldWh: number; lossWh: number; lossShare: number | null };
  allowedShare: number;
}

/**
 * Generated against sold for the mini-grids that measure their generation; the others are left
 * out (no figure is made up). Sold is prepaid energy sold plus postpaid energy billed.
 */
export function energyBalance(grids: readonly GridEnergy[]): EnergyBalance {
  const rows = grids
    .filter((g): g is GridEnergy & { generatedWh: number } => g.generatedWh !== null)
    .map((g) => {
      const lossWh = g.generatedWh - g.soldWh;
      const allowedWh = Math.round((g.generatedWh * ALLOWED_BP) / 10_000);
      return {
        miniGridId: g.miniGridId,
        code: g.code,
        generatedWh: g.generatedWh,
        soldWh: g.soldWh,
        lossWh,
        lossShare: ratio(lossWh, g.generatedWh),
        allowedWh,
        excessWh: Math.max(0, lossWh - allowedWh),
      };
    });
  const generated = rows.reduce((s, r) => s + r.generatedWh, 0);
  const sold = rows.reduce((s, r) => s + r.soldWh, 0);
  return {
    rows,
    totals: {
      generatedWh: generated,
      soldWh: sold,
      lossWh: generated - sold,
      lossShare: ratio(generated - sold, generated),
    },
    allowedShare: ALLOWED_BP / 10_000,
  };
}
