// Payments at the counter and the OpenPAYGO tokens they buy (docs/domain.md §5, §6, §8.1). Money is
// in integer minor units. A payment is append-only: a mistake is fixed by a manager's reversal.
// Every submission carries a key made by the client, so a double click or a retry records it once.
import { z } from 'zod';
import { ALLOCATION_KINDS, TOKEN_KINDS } from '../../domain/vocabulary';
import { PAYMENT_METHODS, paymentNeedsReference } from '../../domain/payment-methods';
import { defineCommand } from '../command';
import * as f from '../fields';
import { MAX_PAYMENT_MINOR } from './limits';
import { vendorToken } from './sts';

const supervisors = ['admin', 'manager'] as const;
const counter = ['admin', 'manager', 'clerk', 'cashier'] as const;

export const paymentMethod = z.enum(PAYMENT_METHODS);

export const amountMinor = z
  .number()
  .int({ message: 'must be a whole number of minor units' })
  .min(1, { message: 'must be more than zero' })
  .max(MAX_PAYMENT_MINOR, { message: `must be at most ${MAX_PAYMENT_MINOR} minor units` });

/** Made once per payment form by the client (a UUID); case and spaces do not matter. */
export const submissionKey = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'must be a UUID made by the client for this payment',
  });

export const person = z.object({ id: f.id, accountNumber: z.string(), name: z.string() });

export const allocation = z.object({
  kind: z.enum(ALLOCATION_KINDS),
  amountMinor: z.number().int(),
  days: z.number().int().nullable(),
  wh: z.number().int().nullable(),
  refId: z.string().nullable(),
});
export type PaymentAllocation = z.infer<typeof allocation>;

export const issuedToken = z.object({
  id: f.id,
  deviceId: f.id,
  type: z.enum(TOKEN_KINDS),
  /** As typed on the device, no spaces. */
  token: z.string(),
  /** Groups of three for reading aloud: 588 224 011. */
  grouped: z.string(),
  count: z.number().int(),
  valueRaw: z.number().int(),
  /** Days an ADD_TIME token adds; null for other types. */
  days: z.number().nullable(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  enteredAt: z.string().nullable(),
});
export type IssuedToken = z.infer<typeof issuedToken>;

export const payment = z.object({
  id: f.id,
  receiptNumber: z.string(),
  customer: person,
  deviceId: f.id.nullable(),
  deviceSerial: z.string().nullable(),
  /** Negative on a reversal. */
  amountMinor: z.number().int(),
  method: paymentMethod,
  reference: z.string().nullable(),
  receivedAt: z.string(),
  cashierName: z.string(),
  reversalOf: f.id.nullable(),
  reason: z.string().nullable(),
  /** The reversal of this payment, when there is one. */
  reversedBy: f.id.nullable(),
});
export type Payment = z.infer<typeof payment>;

const purchaseInput = {
  deviceId: f.id,
  amountMinor,
};

/** The sale's plan as the counter shows it; every kind says the credit left on the account. */
export const salePlan = z.discriminatedUnion('kind', [
  z.object({
    /** A lockable device (SHS, e-bike) bought days. */
    kind: z.literal('days'),
    days: z.number().int(),
    /** The device's new paid-until (ISO instant), as the receipt prints it; null when none. */
    paidUntil: f.isoInstant.nullable(),
    /** The payment completes the price: the device is unlocked for good. */
    unlocks: z.boolean(),
    creditLeftMinor: z.number().int(),
  }),
  z.object({
    /** A prepaid meter bought energy. */
    kind: z.literal('energy'),
    wh: z.number().int(),
    creditLeftMinor: z.number().int(),
  }),
  z.object({
    /** A postpaid meter's payment settled open invoices. */
    kind: z.literal('invoices'),
    invoicesPaid: z.number().int(),
    creditLeftMinor: z.number().int(),
  }),
  z.object({
    /** A device under contract: the payment went to the contract. */
    kind: z.literal('contract'),
    contractId: f.id,
    days: z.number().int(),
    paidOff: z.boolean(),
  }),
]);

export const paymentsCommands = {
  'devices.setPaygPlan': defineCommand({
    name: 'devices.setPaygPlan',
    summary:
      'Set the simple PAYG plan of a lockable device: price per day and an optional total price that unlocks it once paid.',
    input: z
      .object({
        deviceId: f.id,
        dailyPriceMinor: amountMinor,
        totalPriceMinor: amountMinor.nullish().transform((v) => v ?? null),
      })
      .strict(),
    output: z.object({
      deviceId: f.id,
      dailyPriceMinor: z.number().int(),
      totalPriceMinor: z.number().int().nullable(),
    }),
    access: supervisors,
    kind: 'write',
  }),
  'payments.preview': defineCommand({
    name: 'payments.preview',
    summary:
      'What a payment for a device would buy: its allocation, days and tokens, with warnings; nothing is written.',
    input: z.object(purchaseInput).strict(),
    output: z.object({
      customer: person,
      /** Days for a lockable device (SHS, e-bike); energy for a prepaid meter. */
      sale: z.enum(['days', 'energy', 'invoices']),
      tokenScheme: f.tokenScheme,
      /** Days sales only; null for a meter. */
      dailyPriceMinor: z.number().int().nullable(),
      /** Energy sales only: the tariff's prepaid price per kWh, levies and VAT included. */
      unitPriceMilliMinorPerKwh: z.number().int().nullable(),
      allocations: z.array(allocation),
      days: z.number().int(),
      wh: z.number().int(),
      /** Access-charge debt of the meter before this payment. */
      accessDebtMinor: z.number().int(),
      /** Credit from earlier payments that this payment spends (negative: a debt it repays). */
      creditUsedMinor: z.number().int(),
      /** ADD_TIME tokens the payment would issue (plus one DISABLE_PAYG when it completes the price). */
      tokenCount: z.number().int(),
      unlocks: z.boolean(),
      /** ADD_TIME tokens issued for the device and not yet confirmed entered. */
      outstandingTokens: z.number().int(),
      warnings: z.array(z.string()),
      /** The customer's credit before this payment (leftovers of earlier purchases). */
      creditBalanceMinor: z.number().int(),
    }),
    access: counter,
    kind: 'query',
  }),
  'payments.record': defineCommand({
    name: 'payments.record',
    summary:
      'Record a payment for a PAYG device (days and OpenPAYGO tokens) or a prepaid meter (energy; an STS meter gets a pending vendor token) in one transaction; a repeated submission key returns the first payment.',
    input: z
      .object({
        submissionKey,
        ...purchaseInput,
        method: paymentMethod,
        reference: f.optionalText(120),
      })
      .strict()
      .superRefine((input, issue) => {
        if (paymentNeedsReference(input.method) && !input.reference) {
          issue.addIssue({
            code: 'custom',
            path: ['reference'],
            message: 'A mobile money or bank payment needs its transaction reference.',
          });
        }
      }),
    output: z.object({
      payment,
      allocations: z.array(allocation),
      /** The first token issued (null when none), for the common one-token sale. */
      token: z
        .object({
          token: z.string(),
          grouped: z.string(),
          count: z.number().int(),
          days: z.number().nullable(),
        })
        .nullable(),
      /** Every token of the payment, in count order. */
      tokens: z.array(issuedToken),
      /** STS meters: the vendor token this purchase waits for (pending until recorded). */
      vendorToken: vendorToken.nullable(),
      duplicate: z.boolean(),
      warnings: z.array(z.string()),
      /**
       * What the payment bought, as the sale decided it; null for a repeated submission (its
       * receipt says what the first one bought).
       */
      plan: salePlan.nullable(),
    }),
    access: counter,
    kind: 'write',
  }),
  'payments.reverse': defineCommand({
    name: 'payments.reverse',
    summary:
      'Reverse a payment with a reason (a new negative payment); tokens already issued cannot be taken back.',
    input: z.object({ paymentId: f.id, reason: f.requiredText(300) }).strict(),
    output: z.object({
      reversal: payment,
      allocations: z.array(allocation),
      /** Tokens of the reversed payment that stay valid on the device. */
      tokensKept: z.number().int(),
      message: z.string(),
    }),
    access: supervisors,
    kind: 'write',
  }),
  'payments.list': defineCommand({
    name: 'payments.list',
    summary: 'A page of payments, newest first, for a customer or a device, with totals.',
    input: z
      .object({
        customerId: f.id.optional(),
        deviceId: f.id.optional(),
        page: f.paging.page,
        pageSize: f.paging.pageSize,
      })
      .strict(),
    output: z.object({
      rows: z.array(payment),
      total: z.number().int(),
      /** Sum of all matching payments, reversals included (so a reversed payment nets to 0). */
      totalAmountMinor: z.number().int(),
      /** With a customer: their credit from earlier purchases (spent by the next purchase). */
      creditBalanceMinor: z.number().int().nullable(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'payments.get': defineCommand({
    name: 'payments.get',
    summary: 'One payment with its allocations and its stored tokens (for re-printing a receipt).',
    input: z.object({ id: f.id }).strict(),
    output: z.object({
      payment,
      allocations: z.array(allocation),
      tokens: z.array(issuedToken),
      vendorToken: vendorToken.nullable(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'tokens.confirmEntered': defineCommand({
    name: 'tokens.confirmEntered',
    summary:
      'Mark tokens as entered on their devices, which lowers the count of outstanding tokens.',
    input: z
      .object({
        tokenIds: z
          .array(f.id)
          .min(1, { message: 'must name at least one token' })
          .max(100, { message: 'must name at most 100 tokens' }),
      })
      .strict(),
    output: z.object({ confirmed: z.number().int(), alreadyConfirmed: z.number().int() }),
    access: counter,
    kind: 'write',
  }),
};
