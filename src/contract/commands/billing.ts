// Postpaid billing (docs/domain.md §7): billing settings per mini-grid, billing runs (draft,
// regenerate, finalise), invoices with payment links and QR codes, credit and debit notes, customer
// statements, debt aging and the disconnection list.
import { z } from 'zod';
import { ISSUE_STATUSES, NOTE_KINDS, PAYMENT_PROVIDERS } from '../../domain/vocabulary';
import { defineCommand } from '../command';
import * as f from '../fields';

const supervisors = ['admin', 'manager'] as const;
const counter = ['admin', 'manager', 'clerk', 'cashier'] as const;

export const periodName = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month (YYYY-MM)' });

export const paymentProvider = z.enum(PAYMENT_PROVIDERS);

export const billingSettings = z.object({
  miniGridId: f.id,
  /** 1..28: the cycle closes on that day of the month; null: at the end of the calendar month. */
  closeDay: z.number().int().min(1).max(28).nullable(),
  /** A reading this many days either side of the period end counts as the closing reading. */
  windowDays: z.number().int().min(0).max(15),
  dueDays: z.number().int().min(0).max(90),
  /** Days of recent readings an estimate averages over. */
  estimateLookbackDays: z.number().int().min(7).max(365),
  provider: paymentProvider,
  /** The operator's payment page on the provider (for the presets). */
  providerPage: z.string().nullable(),
  /** Custom URL template with {invoice}, {amount}, {account}, {currency}. */
  linkTemplate: z.string().nullable(),
});
export type BillingSettings = z.infer<typeof billingSettings>;

export const billingProblem = z.object({
  /** too-large: the meter's bill cannot be counted exactly (a huge price times a huge use). */
  kind: z.enum(['no-reading', 'flagged', 'no-tariff', 'no-customer', 'too-large']),
  deviceId: f.id,
  serial: z.string(),
  customer: z.string().nullable(),
  message: z.string(),
});
export type BillingProblem = z.infer<typeof billingProblem>;

const readingOnInvoice = z.object({
  at: z.string(),
  wh: z.number().int(),
  estimated: z.boolean(),
  source: z.string(),
});

export const invoiceLine = z.object({
  kind: z.enum(['energy', 'levy', 'fixed', 'vat']),
  label: z.string(),
  wh: z.number().int().nullable(),
  priceMilliMinorPerKwh: z.number().int().nullable(),
  amountMinor: z.number().int(),
});

export const invoice = z.object({
  id: f.id,
  runId: f.id,
  /** Null while the run is a draft: numbers are given at finalising, without gaps. */
  number: z.string().nullable(),
  status: z.enum(ISSUE_STATUSES),
  customer: z.object({ id: f.id, accountNumber: z.string(), name: z.string() }),
  deviceId: f.id,
  meterSerial: z.string(),
  village: z.string(),
  miniGrid: z.string(),
  period: z.string(),
  /** First local date of the period. */
  periodStart: z.string(),
  /** The local date AFTER the period's last day (exclusive end). */
  periodEnd: z.string(),
  /** Local date the invoice was finalised (issued); null on a draft. */
  issuedOn: z.string().nullable(),
  tariff: z.object({
    name: z.string(),
    versions: z.array(
      z.object({
        version: z.number().int(),
        days: z.number().int(),
        approvalRef: z.string().nullable(),
      }),
    ),
  }),
  opening: readingOnInvoice,
  closing: readingOnInvoice,
  billedWh: z.number().int(),
  lines: z.array(invoiceLine),
  netMinor: z.number().int(),
  vatMinor: z.number().int(),
  chargesMinor: z.number().int(),
  arrearsMinor: z.number().int(),
  paymentsInPeriodMinor: z.number().int(),
  totalDueMinor: z.number().int(),
  /** Issue date plus the mini-grid's due days (on a draft: counted from the period end). */
  dueDate: z.string(),
  paymentLink: z.string().nullable(),
  /** Final invoices: what is still unpaid of this invoice (oldest invoices are paid first). */
  openMinor: z.number().int().nullable(),
  notes: z.array(
    z.object({
      number: z.string(),
      kind: z.enum(NOTE_KINDS),
      amountMinor: z.number().int(),
      reason: z.string(),
      at: z.string(),
    }),
  ),
});
export type Invoice = z.infer<typeof invoice>;

export const billingRun = z.object({
  id: f.id,
  miniGridId: f.id,
  miniGrid: z.string(),
  period: z.string(),
  status: z.enum(ISSUE_STATUSES),
  invoices: z.number().int(),
  estimated: z.number().int(),
  totalChargesMinor: z.number().int(),
  problems: z.array(billingProblem),
  generatedAt: z.string(),
  finalisedAt: z.string().nullable(),
  finalisedBy: z.string().nullable(),
});
export type BillingRun = z.infer<typeof billingRun>;

/** Open amounts by days past the due date (domain/reports/debt.ts, the one aging rule). */
const agingBuckets = z.object({
  not_due: z.number().int(),
  d1_30: z.number().int(),
  d31_60: z.number().int(),
  d61_90: z.number().int(),
  d90_plus: z.number().int(),
  totalMinor: z.number().int(),
});

const pdfOut = z.object({ fileName: z.string(), pdfBase64: z.string() });

export const billingCommands = {
  'billing.getSettings': defineCommand({
    name: 'billing.getSettings',
    summary: 'Billing settings of a mini-grid (defaults until saved).',
    input: z.object({ miniGridId: f.id }).strict(),
    output: billingSettings,
    access: 'signed-in',
    kind: 'query',
  }),
  'billing.saveSettings': defineCommand({
    name: 'billing.saveSettings',
    summary:
      'Save the billing settings of a mini-grid: close day, reading window, due days, estimate look-back, payment provider and page or custom link template.',
    input: billingSettings.strict(),
    output: billingSettings,
    access: supervisors,
    kind: 'write',
  }),
  'billing.run': defineCommand({
    name: 'billing.run',
    summary:
      'Draft the billing run of mini-grid(s) for a period: every postpaid meter gets a draft invoice, every problem is listed (no reading, flagged reading, no tariff, no customer). Refused for a period not yet ended or already billed.',
    input: z
      .object({
        miniGridIds: z.array(f.id).min(1, { message: 'must name at least one mini-grid' }).max(50),
        period: periodName,
        operationId: z.string().max(64).optional(),
      })
      .strict(),
    output: z.object({ runs: z.array(billingRun) }),
    access: supervisors,
    kind: 'write',
    long: true,
  }),
  'billing.regenerate': defineCommand({
    name: 'billing.regenerate',
    summary: 'Draft a run again after readings were fixed (drafts only).',
    input: z.object({ runId: f.id, operationId: z.string().max(64).optional() }).strict(),
    output: billingRun,
    access: supervisors,
    kind: 'write',
    long: true,
  }),
  'billing.finalise': defineCommand({
    name: 'billing.finalise',
    summary:
      'Finalise a run: regenerated once more, refused while problems remain (listed); invoices get their numbers (no gaps, village order) and payment links and never change again.',
    input: z.object({ runId: f.id }).strict(),
    output: billingRun,
    access: supervisors,
    kind: 'write',
    long: true,
  }),
  'billing.runs': defineCommand({
    name: 'billing.runs',
    summary: 'Billing runs, newest period first, optionally for one mini-grid.',
    input: z.object({ miniGridId: f.id.optional() }).strict(),
    output: z.object({ runs: z.array(billingRun) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'billing.getRun': defineCommand({
    name: 'billing.getRun',
    summary: 'A billing run with its invoices (village order) and problems.',
    input: z.object({ runId: f.id }).strict(),
    output: z.object({ run: billingRun, invoices: z.array(invoice) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'invoices.list': defineCommand({
    name: 'invoices.list',
    summary: "A customer's final invoices, newest first, with what is still open on each.",
    input: z.object({ customerId: f.id }).strict(),
    output: z.object({ invoices: z.array(invoice), balanceMinor: z.number().int() }),
    access: 'signed-in',
    kind: 'query',
  }),
  'invoices.get': defineCommand({
    name: 'invoices.get',
    summary: 'One invoice with its lines, readings, notes and what is still open.',
    input: z.object({ id: f.id }).strict(),
    output: invoice,
    access: 'signed-in',
    kind: 'query',
  }),
  'invoices.pdf': defineCommand({
    name: 'invoices.pdf',
    summary:
      'Invoice PDF (A4) with the payment link and its QR code: one invoice, or a whole run as one PDF in village order. Printing is audited.',
    input: z
      .object({ invoiceId: f.id.optional(), runId: f.id.optional() })
      .strict()
      .refine((v) => (v.invoiceId === undefined) !== (v.runId === undefined), {
        message: 'give an invoice or a run',
        path: ['invoiceId'],
      }),
    output: pdfOut,
    access: counter,
    kind: 'write',
  }),
  'invoices.runPdfFile': defineCommand({
    name: 'invoices.runPdfFile',
    summary:
      "A whole run's invoices as one PDF file in the data folder's print folder, written a batch at a time with turns for other commands (progress events and cancel under operationId; a cancelled job leaves no file). Answers the file's name and path. Printing is audited.",
    input: z.object({ runId: f.id, operationId: z.string().max(64).optional() }).strict(),
    output: z.object({
      fileName: z.string(),
      path: z.string(),
      invoiceCount: z.number().int(),
      bytes: z.number().int(),
    }),
    access: counter,
    kind: 'write',
    long: true,
  }),
  'invoices.csv': defineCommand({
    name: 'invoices.csv',
    summary: 'The invoices of a run as CSV (one line per invoice).',
    input: z.object({ runId: f.id }).strict(),
    output: z.object({ fileName: z.string(), csv: z.string() }),
    access: 'signed-in',
    kind: 'query',
  }),
  'invoices.note': defineCommand({
    name: 'invoices.note',
    summary:
      'Correct a final invoice with a credit note (lowers what the customer owes) or a debit note (raises it), with a reason; the invoice itself never changes.',
    input: z
      .object({
        invoiceId: f.id,
        kind: z.enum(NOTE_KINDS),
        amountMinor: f.moneyMinor.refine((v) => v > 0, { message: 'must be more than zero' }),
        reason: f.requiredText(300),
      })
      .strict(),
    output: invoice,
    access: supervisors,
    kind: 'write',
  }),
  'accounts.statement': defineCommand({
    name: 'accounts.statement',
    summary:
      "A customer's postpaid statement: per meter the use so far this period, the bill so far and an end-of-period projection; the last invoices and payments; the balance.",
    input: z.object({ customerId: f.id }).strict(),
    output: z.object({
      customer: z.object({ id: f.id, accountNumber: z.string(), name: z.string() }),
      asOf: z.string(),
      meters: z.array(
        z.object({
          deviceId: f.id,
          serial: z.string(),
          period: z.string(),
          periodStart: z.string(),
          periodEnd: z.string(),
          usedWh: z.number().int(),
          billSoFarMinor: z.number().int(),
          projectedWh: z.number().int(),
          projectedBillMinor: z.number().int(),
          note: z.string().nullable(),
        }),
      ),
      invoices: z.array(invoice),
      payments: z.array(
        z.object({
          receiptNumber: z.string(),
          receivedAt: z.string(),
          amountMinor: z.number().int(),
          invoices: z.array(z.string()),
        }),
      ),
      balanceMinor: z.number().int(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'accounts.statementPdf': defineCommand({
    name: 'accounts.statementPdf',
    summary: "A customer's statement as a PDF (A4).",
    input: z.object({ customerId: f.id }).strict(),
    output: pdfOut,
    access: counter,
    kind: 'write',
  }),
  'billing.aging': defineCommand({
    name: 'billing.aging',
    summary:
      'Debt aging (not due, 1-30, 31-60, 61-90, 90+ days past the due date) by customer, village or mini-grid.',
    input: z
      .object({ groupBy: z.enum(['customer', 'village', 'mini-grid']).default('customer') })
      .strict(),
    output: z.object({
      asOf: z.string(),
      rows: z.array(agingBuckets.extend({ key: z.string(), label: z.string() })),
      totals: agingBuckets,
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'billing.disconnections': defineCommand({
    name: 'billing.disconnections',
    summary:
      'Customers whose postpaid balance is over a threshold and whose oldest open invoice is older than N days.',
    input: z
      .object({
        minBalanceMinor: f.moneyMinor.default(0),
        olderThanDays: z.number().int().min(0).max(3650).default(60),
      })
      .strict(),
    output: z.object({
      asOf: z.string(),
      rows: z.array(
        z.object({
          customer: z.object({ id: f.id, accountNumber: z.string(), name: z.string() }),
          village: z.string(),
          meters: z.array(z.string()),
          balanceMinor: z.number().int(),
          oldestOpenInvoice: z.string(),
          daysOld: z.number().int(),
        }),
      ),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'billing.reportPdf': defineCommand({
    name: 'billing.reportPdf',
    summary: 'The debt aging or the disconnection list as a printable PDF (A4).',
    input: z
      .object({
        report: z.enum(['aging', 'disconnections']),
        groupBy: z.enum(['customer', 'village', 'mini-grid']).default('customer'),
        minBalanceMinor: f.moneyMinor.default(0),
        olderThanDays: z.number().int().min(0).max(3650).default(60),
      })
      .strict(),
    output: pdfOut,
    access: 'signed-in',
    kind: 'write',
  }),
};
