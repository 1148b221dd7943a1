// The cashier's day-end (Z report): totals by method, receipts, reversals and tokens of one
// cashier on one local date; printed; a manager closes the day, after which that cashier takes no
// more payments that day.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';
import { paymentMethod } from './payments';

const counter = ['admin', 'manager', 'clerk', 'cashier'] as const;
const supervisors = ['admin', 'manager'] as const;

export const zReport = z.object({
  day: f.isoDate,
  /** The username the payments carry. */
  cashier: z.string(),
  cashierDisplayName: z.string(),
  byMethod: z.array(
    z.object({
      method: paymentMethod,
      payments: z.number().int(),
      /** Net of reversals taken by this cashier with this method. */
      amountMinor: z.number().int(),
    }),
  ),
  receipts: z.object({
    count: z.number().int(),
    first: z.string().nullable(),
    last: z.string().nullable(),
  }),
  reversals: z.object({ count: z.number().int(), amountMinor: z.number().int() }),
  grossMinor: z.number().int(),
  netMinor: z.number().int(),
  tokens: z.object({
    openpaygo: z.number().int(),
    stsPending: z.number().int(),
    stsRecorded: z.number().int(),
  }),
  /**
   * The cash in the drawer: what the payments say it should hold (cash taken less cash reversals),
   * what the manager counted when closing the day (null until then), and counted less expected.
   */
  cash: z.object({
    expectedMinor: z.number().int(),
    countedMinor: z.number().int().nullable(),
    differenceMinor: z.number().int().nullable(),
  }),
  closed: z.object({ at: z.string(), by: z.string() }).nullable(),
});
export type ZReport = z.infer<typeof zReport>;

const reportInput = z
  .object({
    /** Local date; today when omitted. */
    day: f.isoDate.optional(),
    /** Username; the caller when omitted. Cashiers and clerks may only see their own day. */
    cashier: z.string().trim().toLowerCase().max(64).optional(),
  })
  .strict();

export const dayEndCommands = {
  'dayEnd.report': defineCommand({
    name: 'dayEnd.report',
    summary:
      'The Z report of one cashier for one day: totals by method, receipts, reversals, tokens, and whether a manager closed it.',
    input: reportInput,
    output: zReport,
    access: counter,
    kind: 'query',
  }),
  'dayEnd.cashiers': defineCommand({
    name: 'dayEnd.cashiers',
    summary: 'Every cashier who took payments on a day, with their net total and closed state.',
    input: z.object({ day: f.isoDate.optional() }).strict(),
    output: z.object({
      day: f.isoDate,
      rows: z.array(
        z.object({
          cashier: z.string(),
          cashierDisplayName: z.string(),
          receipts: z.number().int(),
          netMinor: z.number().int(),
          closed: z.object({ at: z.string(), by: z.string() }).nullable(),
        }),
      ),
    }),
    access: supervisors,
    kind: 'query',
  }),
  'dayEnd.close': defineCommand({
    name: 'dayEnd.close',
    summary:
      "Close a cashier's day (manager), with the cash counted in the drawer: the Z report is kept as it stands, with the difference, and that cashier takes no more payments that day.",
    input: z
      .object({
        day: f.isoDate.optional(),
        cashier: z.string().trim().toLowerCase().min(1).max(64),
        /** The cash the manager counted in the cashier's drawer; the report keeps the difference. */
        countedCashMinor: f.moneyMinor.optional(),
      })
      .strict(),
    output: zReport,
    access: supervisors,
    kind: 'write',
  }),
  'dayEnd.pdf': defineCommand({
    name: 'dayEnd.pdf',
    summary: 'The Z report as a PDF (80 mm roll or A4); a closed day prints as it was closed.',
    input: reportInput.extend({ layout: z.enum(['80mm', 'a4']).default('a4') }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
    access: counter,
    kind: 'write',
  }),
};
