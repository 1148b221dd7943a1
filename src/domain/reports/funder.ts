// Funder and programme exports (docs/reports.md "Funder exports"): the payment data and the
// installation data results-based-financing programmes verify connections with, in the field
// lists of Odyssey's payment upload and Prospect's installation data. Pure: the core loads the
// rows; what each field holds, and from where, is decided here.
import { REVENUE_TYPE_OF, type RevenueType } from './monthly';
import type { AllocationKind } from '../vocabulary';

export const FUNDER_KINDS = ['odyssey', 'prospect'] as const;
export type FunderKind = (typeof FUNDER_KINDS)[number];

export interface FunderPayment {
  receivedAt: string;
  receiptNumber: string;
  amountMinor: number;
  method: string;
  /** The parts of the payment, largest first decides its type. */
  parts: { kind: AllocationKind; amountMinor: number }[];
  deviceSerial: string | null;
  deviceKind: string | null;
  accountNumber: string;
  customerKind: string;
  cashierName: string;
  /** The village's point, else its mini-grid's. */
  latitude: number | null;
  longitude: number | null;
}

export interface OdysseyRow {
  timestamp: string;
  amountMinor: number;
  currency: string;
  transactionType: string;
  transactionId: string;
  serial: string;
  customerId: string;
  meterId: string;
  customerCategory: string;
  agent: string;
  gps: string;
}

/**
 * What a payment paid for, as one transaction type: the revenue type of its largest part
 * (energy, access_charges, instalments, invoices, credit); a reversal (negative amount) is
 * `reversal`. Ties go to the first part recorded.
 */
export function transactionType(p: Pick<FunderPayment, 'amountMinor' | 'parts'>): string {
  if (p.amountMinor < 0) return 'reversal';
  let best: { type: RevenueType; amount: number } | null = null;
  for (const part of p.parts) {
    const amount = Math.abs(part.amountMinor);
    if (!best || amount > best.amount) best = { type: REVENUE_TYPE_OF[part.kind], amount };
  }
  return best?.type ?? 'credit';
}

export function odysseyRows(payments: readonly FunderPayment[], currency: string): OdysseyRow[] {
  return payments.map((p) => ({
    timestamp: p.receivedAt,
    amountMinor: p.amountMinor,
    currency,
    transactionType: transactionType(p),
    transactionId: p.receiptNumber,
    serial: p.deviceSerial ?? '',
    customerId: p.accountNumber,
    // A meter's serial is its meter number; other devices have none.
    meterId: p.deviceKind === 'meter' ? (p.deviceSerial ?? '') : '',
    customerCategory: p.customerKind === 'business' ? 'commercial' : 'residential',
    agent: p.cashierName,
    gps:
      p.latitude === null || p.longitude === null
        ? ''
        : `${p.latitude.toFixed(6)},${p.longitude.toFixed(6)}`,
  }));
}

export interface FunderInstallation {
  accountNumber: string;
  customerName: string;
  deviceSerial: string;
  deviceKind: string;
  installedAt: string | null;
  contract: {
    number: string;
    plan: 'instalments' | 'per_day';
    frequency: string | null;
    instalments: number;
    priceMinor: number;
    downPaymentMinor: number;
    dailyPriceMinor: number | null;
    status: string;
    /** Local date of the last status change. */
    statusDate: string | null;
  } | null;
}

export interface ProspectRow {
  customerId: string;
  customerName: string;
  serial: string;
  productType: string;
  installDate: string;
  paymentPlan: string;
  contractNumber: string;
  priceMinor: number | null;
  downPaymentMinor: number | null;
  paidOffDate: string;
  repossessionDate: string;
  writeOffDate: string;
}

/** A plan in words: "12 weekly instalments", "per day at 150", "cash" without a contract. */
export function planText(c: FunderInstallation['contract']): string {
  if (!c) return 'cash or energy service';
  if (c.plan === 'per_day') return `per day at ${c.dailyPriceMinor ?? 0} minor units`;
  return `${c.instalments} ${c.frequency ?? ''} instalments`.replace('  ', ' ');
}

export function prospectRows(list: readonly FunderInstallation[]): ProspectRow[] {
  return list.map((d) => {
    const c = d.contract;
    const on = (status: string) => (c && c.status === status ? (c.statusDate ?? '') : '');
    return {
      customerId: d.accountNumber,
      customerName: d.customerName,
      serial: d.deviceSerial,
      productType: d.deviceKind,
      installDate: d.installedAt ?? '',
      paymentPlan: planText(c),
      contractNumber: c?.number ?? '',
      priceMinor: c?.priceMinor ?? null,
      downPaymentMinor: c?.downPaymentMinor ?? null,
      paidOffDate: on('paid_off'),
      repossessionDate: on('repossessed'),
      writeOffDate: on('written_off'),
    };
  });
}
