// The receipt of a payment as plain data (heading, label/value lines, tokens), built from the
// payment view and the settings. Pure: the PDF renderer only lays it out, so every layout and every
// door shows the same facts. Times are shown in the office's time zone, money with formatMoney.
import type {
  IssuedToken,
  Payment,
  PaymentAllocation,
  Settings,
  VendorToken,
} from '../../contract';
import { formatKwh } from '../../domain/energy';
import { formatMoney } from '../../domain/money';
import type { PaidUntil } from '../../domain/payg-time';

export interface ReceiptLine {
  label: string;
  value: string;
}

export interface ReceiptToken {
  /** Digits in groups of three: 588 224 011. */
  grouped: string;
  /** What the token does for the customer: "Adds 10 days". */
  caption: string;
}

export interface ReceiptModel {
  company: string;
  office: string;
  /** RECEIPT or REVERSAL. */
  title: string;
  reprint: boolean;
  /** Receipt number, date, cashier, customer, device, payment. */
  lines: ReceiptLine[];
  /** How the payment was split. */
  allocations: ReceiptLine[];
  total: ReceiptLine;
  tokens: ReceiptToken[];
  footer: string[];
  /** The payment time, used as the PDF's creation date so the document is reproducible. */
  createdAt: Date;
}

export interface ReceiptSource {
  payment: Payment;
  allocations: PaymentAllocation[];
  tokens: IssuedToken[];
  /** STS meters: the vendor token of the purchase, pending until recorded. */
  vendorToken: VendorToken | null;
  /** Receipt number of the payment a reversal undoes. */
  originalReceiptNumber: string | null;
  /** The cashier's display name (the payment stores the username). */
  cashierDisplayName: string | null;
  /** Numbers of the invoices a postpaid payment settled, by invoice id. */
  invoiceNumbers?: Record<string, string>;
  /** Lockable devices: how long the device stays on after this payment's tokens. */
  paidUntil?: PaidUntil;
  /** Lockable devices with an unlock total: what is left to pay before it is the customer's. */
  leftToOwnMinor?: number;
  /** Numbers of the appliance contracts the payment went to, by contract id. */
  contractNumbers?: Record<string, string>;
  /** Contracts this payment paid off (their numbers): the receipt says so. */
  paidOff?: string[];
}

const METHODS: Record<Payment['method'], string> = {
  cash: 'Cash',
  mobile_money: 'Mobile money',
  bank: 'Bank',
  other: 'Other',
};

/** 12 Mar 2025, 14:05 in the office's zone (falls back to UTC for an unknown zone). */
export function formatReceiptTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = {
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(date);
  } catch {
    return `${new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date)} UTC`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${Math.abs(n) === 1 ? '' : 's'}`;
}

function kwh(wh: number): string {
  return `${formatKwh(wh)} kWh`;
}

function allocationLine(
  a: PaymentAllocation,
  money: (minor: number) => string,
  reversal: boolean,
  invoiceNumbers: ReadonlyMap<string, string>,
  contractNumbers: ReadonlyMap<string, string>,
): ReceiptLine {
  const contract = `contract ${contractNumbers.get(a.refId ?? '') ?? ''}`.trim();
  switch (a.kind) {
    case 'days':
      return { label: `Days bought: ${plural(a.days ?? 0, 'day')}`, value: money(a.amountMinor) };
    case 'energy':
      return { label: `Energy bought: ${kwh(a.wh ?? 0)}`, value: money(a.amountMinor) };
    case 'instalment':
      return { label: 'Appliance instalment', value: money(a.amountMinor) };
    case 'access_debt':
      return { label: 'Access charge debt', value: money(a.amountMinor) };
    case 'invoice':
      return {
        label: `Invoice ${invoiceNumbers.get(a.refId ?? '') ?? ''}`.trim(),
        value: money(a.amountMinor),
      };
    case 'account_credit':
      return { label: 'Credit on the account', value: money(a.amountMinor) };
    case 'down_payment':
      return { label: `Down payment, ${contract}`, value: money(a.amountMinor) };
    case 'contract':
      return {
        label: a.days ? `Paid on ${contract}: ${plural(a.days, 'day')}` : `Paid on ${contract}`,
        value: money(a.amountMinor),
      };
    case 'credit':
      // A sale spends earlier credit as a negative part; a reversal negates every part.
      return {
        label: a.amountMinor < 0 && !reversal ? 'Credit used' : 'Kept as credit',
        value: money(a.amountMinor),
      };
  }
}

// The token's count is an internal number of the device's protocol: the customer never needs it
// (the token checker shows it to staff).
function tokenCaption(t: IssuedToken): string {
  switch (t.type) {
    case 'ADD_TIME':
      return `Adds ${plural(t.days ?? 0, 'day')}`;
    case 'SET_TIME':
      return `Sets ${plural(t.days ?? 0, 'day')}`;
    case 'DISABLE_PAYG':
      return 'Unlocks the device for good';
    case 'COUNTER_SYNC':
      return 'Resets the token counter';
  }
}

export function buildReceiptModel(
  source: ReceiptSource,
  settings: Settings,
  reprint: boolean,
): ReceiptModel {
  const { payment } = source;
  const money = (minor: number) => formatMoney(minor, settings.currency);
  const reversal = payment.reversalOf !== null;
  const lines: ReceiptLine[] = [
    { label: 'Receipt', value: payment.receiptNumber },
    {
      label: 'Date',
      value: formatReceiptTime(payment.receivedAt, settings.office.timeZone),
    },
    { label: 'Cashier', value: source.cashierDisplayName ?? payment.cashierName },
    { label: 'Customer', value: payment.customer.name },
    { label: 'Account', value: payment.customer.accountNumber },
  ];
  if (payment.deviceSerial) lines.push({ label: 'Device', value: payment.deviceSerial });
  if (reversal) {
    lines.push({ label: 'Reverses', value: source.originalReceiptNumber ?? 'unknown receipt' });
    lines.push({ label: 'Reason', value: payment.reason ?? '' });
  }
  lines.push({ label: 'Method', value: METHODS[payment.method] });
  if (payment.reference) lines.push({ label: 'Reference', value: payment.reference });

  const allocations = source.allocations.map((a) =>
    allocationLine(
      a,
      money,
      reversal,
      new Map(Object.entries(source.invoiceNumbers ?? {})),
      new Map(Object.entries(source.contractNumbers ?? {})),
    ),
  );
  if (!reversal) {
    for (const number of source.paidOff ?? []) {
      lines.push({ label: `Contract ${number}`, value: 'PAID OFF' });
    }
  }
  const daysPart = source.allocations.find((a) => a.kind === 'days' && a.days);
  if (!reversal && daysPart?.days) {
    lines.push({
      label: 'Tariff',
      value: `${money(Math.round(daysPart.amountMinor / daysPart.days))} per day`,
    });
    const added = source.allocations.reduce((sum, a) => sum + (a.days ?? 0), 0);
    lines.push({ label: 'Days added', value: plural(added, 'day') });
  }
  const until = source.paidUntil;
  if (!reversal && until && until.kind !== 'none') {
    lines.push({
      label: 'Device on until',
      value:
        until.kind === 'unlocked'
          ? 'unlocked for good'
          : formatReceiptTime(until.at, settings.office.timeZone),
    });
  }
  if (!reversal && source.leftToOwnMinor !== undefined && until?.kind !== 'unlocked') {
    lines.push({ label: 'Left to pay for the device', value: money(source.leftToOwnMinor) });
  }
  const energyPart = source.allocations.find((a) => a.kind === 'energy' && a.wh);
  if (!reversal && energyPart?.wh) {
    // Display only: the price actually paid per kWh, from the stored line (levies and VAT in).
    lines.push({
      label: 'Price',
      value: `${money(Math.round((energyPart.amountMinor * 1000) / energyPart.wh))} per kWh`,
    });
  }
  const vendor = source.vendorToken;
  if (vendor && vendor.status === 'pending' && !reversal) {
    lines.push({ label: 'STS token', value: 'pending from the vendor' });
  }

  const footer: string[] = [];
  if (reversal) {
    footer.push('This payment was reversed. Tokens already issued stay valid on the device.');
  } else if (vendor?.status === 'pending') {
    footer.push('Your meter token comes from the vendor: bring this receipt to collect it.');
  } else if (source.tokens.length > 0 || vendor) {
    footer.push('Enter the token on your meter or device.');
  }
  footer.push('Keep this receipt. Thank you.');

  return {
    company: settings.company.name,
    office: `${settings.office.name} (${settings.office.code})`,
    title: reversal ? 'REVERSAL' : 'RECEIPT',
    reprint,
    lines,
    allocations,
    total: { label: reversal ? 'Total reversed' : 'Total paid', value: money(payment.amountMinor) },
    // A reversal takes nothing back from the device, so it prints no token.
    tokens: reversal
      ? []
      : [
          ...source.tokens.map((t) => ({ grouped: t.grouped, caption: tokenCaption(t) })),
          ...(vendor?.grouped
            ? [{ grouped: vendor.grouped, caption: `STS token: ${kwh(vendor.wh)}` }]
            : []),
        ],
    footer,
    createdAt: new Date(payment.receivedAt),
  };
}
