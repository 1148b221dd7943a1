// Appliance contracts (docs/domain.md §6, docs/appliances.md): the sale on credit with its down
// payment, payments that buy days and the unlock, the contract's life (reschedule, write-off,
// repossession, transfer), the overdue list and the portfolio figures. Money in minor units;
// dates are local calendar dates.
import { z } from 'zod';
import { paymentNeedsReference } from '../../domain/payment-methods';
import { CONTRACT_STATUSES } from '../../domain/contracts/status';
import { INSTALMENT_FREQUENCIES, MAX_INSTALMENTS } from '../../domain/contracts/schedule';
import { REMINDER_KINDS } from '../../domain/contracts/reminders';
import { defineCommand } from '../command';
import * as f from '../fields';
import {
  allocation,
  amountMinor,
  issuedToken,
  payment,
  paymentMethod,
  person,
  submissionKey,
} from './payments';

const sellers = ['admin', 'manager', 'clerk'] as const;
const counter = ['admin', 'manager', 'clerk', 'cashier'] as const;
const supervisors = ['admin', 'manager'] as const;

export const contractStatus = z.enum(CONTRACT_STATUSES);
export const instalmentFrequency = z.enum(INSTALMENT_FREQUENCIES);

const instalmentCount = z
  .number()
  .int({ message: 'must be a whole number of instalments' })
  .min(1, { message: 'must be at least 1 instalment' })
  .max(MAX_INSTALMENTS, { message: `must be at most ${MAX_INSTALMENTS} instalments` });

const graceDays = z
  .number()
  .int({ message: 'must be a whole number of days' })
  .min(0, { message: 'must not be negative' })
  .max(90, { message: 'must be at most 90 days' });

/**
 * The sales agent as the clerk types it (docs/appliances.md, "Agents"): agents in the field are
 * often not users of the app. Spaces are tidied so one agent is one name on the lists.
 */
const agentName = z
  .string()
  .transform((v) => v.trim().replace(/\s+/g, ' '))
  .pipe(z.string().max(80, { message: 'must be at most 80 characters' }))
  .nullish()
  .transform((v) => (v ? v : null));

const plan = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('instalments'),
      instalmentCount,
      frequency: instalmentFrequency,
      firstDueDate: f.isoDate,
    })
    .strict(),
  z
    .object({
      kind: z.literal('per_day'),
      dailyPriceMinor: amountMinor,
      minimumPaymentMinor: f.moneyMinor.default(0),
      /** Paid in total, the device is unlocked for good; null: energy as a service, never. */
      unlockTotalMinor: f.moneyMinor.min(1, { message: 'must be more than zero' }).nullish(),
    })
    .strict(),
]);

/** A payment's method and reference, checked like the counter's. */
function withReference<T extends { method: string; reference: string | null }>(
  input: T,
  issue: z.RefinementCtx,
) {
  if (paymentNeedsReference(input.method as never) && !input.reference) {
    issue.addIssue({
      code: 'custom',
      path: ['reference'],
      message: 'A mobile money or bank payment needs its transaction reference.',
    });
  }
}

export const instalmentView = z.object({
  id: f.id,
  seq: z.number().int(),
  dueDate: z.string(),
  amountMinor: z.number().int(),
  periodDays: z.number().int(),
  paidMinor: z.number().int(),
  outstandingMinor: z.number().int(),
  /** Late on the contract's as-of date: due before it and not fully paid. */
  late: z.boolean(),
});

const standing = z.object({
  outstandingMinor: z.number().int(),
  arrearsMinor: z.number().int(),
  daysLate: z.number().int(),
  overdue: z.boolean(),
  oldestUnpaidDue: z.string().nullable(),
});

export const contractView = z.object({
  id: f.id,
  number: z.string(),
  customer: person,
  applianceId: f.id.nullable(),
  item: z.string(),
  deviceId: f.id.nullable(),
  deviceSerial: z.string().nullable(),
  priceMinor: z.number().int(),
  priceReason: z.string().nullable(),
  downPaymentMinor: z.number().int(),
  plan: z.enum(['instalments', 'per_day']),
  frequency: instalmentFrequency.nullable(),
  dailyPriceMinor: z.number().int().nullable(),
  minimumPaymentMinor: z.number().int().nullable(),
  unlockTotalMinor: z.number().int().nullable(),
  graceDays: z.number().int(),
  saleDate: z.string(),
  status: contractStatus,
  statusReason: z.string().nullable(),
  writtenOffMinor: z.number().int().nullable(),
  /** Paid towards the contract, down payment included. */
  paidMinor: z.number().int(),
  /** What paying it off takes (null: a per-day plan that never unlocks). */
  totalMinor: z.number().int().nullable(),
  asOf: z.string(),
  standing,
  soldBy: z.string(),
  /** The sales agent; null: sold at the office. */
  agent: z.string().nullable(),
});
export type ContractView = z.infer<typeof contractView>;

const paymentResult = {
  payment,
  allocations: z.array(allocation),
  tokens: z.array(issuedToken),
  duplicate: z.boolean(),
  warnings: z.array(z.string()),
  /** This payment completed the contract. */
  paidOff: z.boolean(),
};

export const overdueRow = z.object({
  contractId: f.id,
  number: z.string(),
  customer: person,
  phone: z.string().nullable(),
  village: z.string(),
  item: z.string(),
  deviceSerial: z.string().nullable(),
  agent: z.string().nullable(),
  daysLate: z.number().int(),
  arrearsMinor: z.number().int(),
  outstandingMinor: z.number().int(),
  oldestUnpaidDue: z.string().nullable(),
});

const parFigure = z.object({
  days: z.number().int(),
  atRiskMinor: z.number().int(),
  /** Share of the outstanding principal, in basis points (1/100 of a percent). */
  shareBp: z.number().int(),
});

const collectionFigure = z.object({
  dueMinor: z.number().int(),
  collectedMinor: z.number().int(),
  /** collected / due in basis points; null when nothing fell due. */
  shareBp: z.number().int().nullable(),
});

/** The portfolio of one product, village or agent (the same figures as the whole). */
export const portfolioGroup = z.object({
  /** The product, village or agent; null in the agents' breakdown: sold at the office. */
  name: z.string().nullable(),
  activeContracts: z.number().int(),
  outstandingMinor: z.number().int(),
  par: z.array(parFigure),
  collection: collectionFigure,
  paidOff: z.number().int(),
  writtenOff: z.object({ count: z.number().int(), amountMinor: z.number().int() }),
  repossessed: z.number().int(),
});
export type PortfolioGroup = z.infer<typeof portfolioGroup>;

export const portfolioFigures = z.object({
  asOf: z.string(),
  activeContracts: z.number().int(),
  outstandingMinor: z.number().int(),
  par: z.array(parFigure),
  /** The month of asOf up to asOf: instalments due, money collected on contracts. */
  collection: collectionFigure.extend({ from: z.string(), to: z.string() }),
  paidOff: z.number().int(),
  writtenOff: z.object({ count: z.number().int(), amountMinor: z.number().int() }),
  repossessed: z.number().int(),
  /** Largest outstanding first. */
  byProduct: z.array(portfolioGroup),
  byVillage: z.array(portfolioGroup),
  byAgent: z.array(portfolioGroup),
});
export type PortfolioFigures = z.infer<typeof portfolioFigures>;

export const contractsCommands = {
  'contracts.sell': defineCommand({
    name: 'contracts.sell',
    summary:
      'Sell an appliance on credit: the contract, its schedule, the device handed over and the down payment with its receipt and token, in one transaction; a repeated submission key returns the first sale.',
    input: z
      .object({
        submissionKey,
        customerId: f.id,
        applianceId: f.id,
        deviceId: f.id.nullish().transform((v) => v ?? null),
        /** Defaults to the catalog price; a different price needs a reason. */
        priceMinor: f.moneyMinor.min(1, { message: 'must be more than zero' }).optional(),
        priceReason: f.optionalText(300),
        downPaymentMinor: f.moneyMinor.max(100_000_000, {
          message: 'must be at most 100000000 minor units (the largest counter payment)',
        }),
        method: paymentMethod.default('cash'),
        reference: f.optionalText(120),
        plan,
        graceDays: graceDays.default(0),
        /** The sales agent who made the sale in the field; empty: sold at the office. */
        agent: agentName,
      })
      .strict()
      .superRefine(withReference),
    output: z.object({
      contract: contractView,
      instalments: z.array(instalmentView),
      /** The down payment's receipt; null when there was none. */
      payment: payment.nullable(),
      tokens: z.array(issuedToken),
      duplicate: z.boolean(),
    }),
    access: sellers,
    kind: 'write',
  }),
  'contracts.pay': defineCommand({
    name: 'contracts.pay',
    summary:
      'Take a payment on a contract: instalments oldest first, days and an ADD_TIME token for a lockable device, the unlock token once at payoff, overpayment kept as credit; a repeated submission key returns the first payment.',
    input: z
      .object({
        submissionKey,
        contractId: f.id,
        amountMinor,
        method: paymentMethod,
        reference: f.optionalText(120),
      })
      .strict()
      .superRefine(withReference),
    output: z.object({ ...paymentResult, contract: contractView }),
    access: counter,
    kind: 'write',
  }),
  'contracts.get': defineCommand({
    name: 'contracts.get',
    summary:
      'One contract with its schedule (paid and late instalments), standing on a date and history.',
    input: z.object({ id: f.id, asOf: f.isoDate.optional() }).strict(),
    output: z.object({
      contract: contractView,
      instalments: z.array(instalmentView),
      events: z.array(
        z.object({
          at: z.string(),
          event: z.string(),
          amountMinor: z.number().int().nullable(),
          note: z.string().nullable(),
          actor: z.string(),
        }),
      ),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'contracts.pdf': defineCommand({
    name: 'contracts.pdf',
    summary:
      'The printable A4 contract: parties, item and serial, price, down payment, the full schedule, terms and signature lines. Every print is audited.',
    input: z.object({ id: f.id }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
    access: ['admin', 'manager', 'clerk', 'cashier'],
    kind: 'write',
  }),
  'contracts.list': defineCommand({
    name: 'contracts.list',
    summary: 'Contracts of a customer or a device (every status), newest first.',
    input: z
      .object({
        customerId: f.id.optional(),
        deviceId: f.id.optional(),
        asOf: f.isoDate.optional(),
      })
      .strict(),
    output: z.object({ rows: z.array(contractView) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'contracts.overdue': defineCommand({
    name: 'contracts.overdue',
    summary:
      'Active contracts late beyond their grace days on a date (or due within the next days), most days late first, a page at a time, optionally for one village or one agent; the total arrears cover them all.',
    input: z
      .object({
        asOf: f.isoDate.optional(),
        villageId: f.id.optional(),
        /** One agent's contracts; '' gives those sold at the office (no agent). */
        agent: z.string().max(80).optional(),
        /** Instead of the late ones: contracts with an instalment due from asOf to asOf + N days. */
        dueWithinDays: z.number().int().min(0).max(31).optional(),
        page: f.paging.page,
        pageSize: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.object({
      asOf: z.string(),
      /** All matching contracts; `rows` is the requested page of them. */
      total: z.number().int(),
      rows: z.array(overdueRow),
      totalArrearsMinor: z.number().int(),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'contracts.portfolio': defineCommand({
    name: 'contracts.portfolio',
    summary:
      'Portfolio figures on a date: outstanding principal, PAR 7/30/90, collection rate of the month, write-offs and repossessions, in total and by product, village and agent.',
    input: z.object({ asOf: f.isoDate.optional() }).strict(),
    output: portfolioFigures,
    access: supervisors,
    kind: 'query',
  }),
  'contracts.portfolioPdf': defineCommand({
    name: 'contracts.portfolioPdf',
    summary:
      'The portfolio figures on a date as a printable A4 PDF, with the breakdowns by product, village and agent. Every print is audited.',
    input: z.object({ asOf: f.isoDate.optional() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
    access: supervisors,
    kind: 'write',
  }),
  'contracts.agents': defineCommand({
    name: 'contracts.agents',
    summary:
      'The sales agents named on contracts, alphabetically, with how many active contracts each has: for the filters and the sale form.',
    input: z.object({}).strict(),
    output: z.object({
      rows: z.array(z.object({ agent: z.string(), activeContracts: z.number().int() })),
    }),
    access: 'signed-in',
    kind: 'query',
  }),
  'contracts.setAgent': defineCommand({
    name: 'contracts.setAgent',
    summary:
      "Correct a contract's sales agent (or clear it: sold at the office), with a reason kept in its history and the audit log.",
    input: z.object({ contractId: f.id, agent: agentName, reason: f.requiredText(300) }).strict(),
    output: z.object({ contract: contractView }),
    access: sellers,
    kind: 'write',
  }),
  'contracts.cohorts': defineCommand({
    name: 'contracts.cohorts',
    summary:
      'Repayment curves by cohort (sales month): the share of the price repaid within 30, 60, 90 and 180 days of each sale, over the contracts old enough (null: none yet).',
    input: z.object({ asOf: f.isoDate.optional() }).strict(),
    output: z.object({
      asOf: f.isoDate,
      cohorts: z.array(
        z.object({
          month: z.string(),
          contracts: z.number().int(),
          priceMinor: z.number().int(),
          curve: z.array(
            z.object({ days: z.number().int(), shareBp: z.number().int().nullable() }),
          ),
        }),
      ),
    }),
    access: supervisors,
    kind: 'query',
  }),
  'contracts.reschedule': defineCommand({
    name: 'contracts.reschedule',
    summary:
      'Regenerate the unpaid instalments of a contract (paid ones never change), with a reason.',
    input: z
      .object({
        contractId: f.id,
        instalmentCount,
        frequency: instalmentFrequency,
        firstDueDate: f.isoDate,
        reason: f.requiredText(300),
      })
      .strict(),
    output: z.object({ contract: contractView, instalments: z.array(instalmentView) }),
    access: supervisors,
    kind: 'write',
  }),
  'contracts.writeOff': defineCommand({
    name: 'contracts.writeOff',
    summary:
      'Write off the balance of a contract (manager, reason): it leaves the portfolio but stays visible.',
    input: z.object({ contractId: f.id, reason: f.requiredText(300) }).strict(),
    output: z.object({ contract: contractView }),
    access: supervisors,
    kind: 'write',
  }),
  'contracts.repossess': defineCommand({
    name: 'contracts.repossess',
    summary:
      'Close a contract with what was paid and take its device back to stock (its token state is kept).',
    input: z.object({ contractId: f.id, reason: f.requiredText(300) }).strict(),
    output: z.object({ contract: contractView }),
    access: supervisors,
    kind: 'write',
  }),
  'contracts.cancel': defineCommand({
    name: 'contracts.cancel',
    summary:
      'Cancel a contract within the days Settings allow after its sale (manager, reason): every payment on it is reversed as a refund and its device goes back to stock.',
    input: z.object({ contractId: f.id, reason: f.requiredText(300) }).strict(),
    output: z.object({
      contract: contractView,
      /** The refunds: one reversal of each payment on the contract. */
      refunds: z.array(payment),
      refundedMinor: z.number().int(),
      message: z.string(),
    }),
    access: supervisors,
    kind: 'write',
  }),
  'contracts.remindersGenerate': defineCommand({
    name: 'contracts.remindersGenerate',
    summary:
      "Make today's due and overdue reminders into the outbox (the app does it at start and hourly): at most one per contract per day, so running it again adds nothing.",
    input: z.object({}).strict(),
    output: z.object({ day: f.isoDate, created: z.number().int(), alreadyMade: z.number().int() }),
    access: supervisors,
    kind: 'write',
  }),
  'contracts.reminders': defineCommand({
    name: 'contracts.reminders',
    summary:
      "The reminders outbox of a day (today by default): the call list, most days late first; `format: 'csv'` gives it as CSV text.",
    input: z
      .object({
        day: f.isoDate.optional(),
        kind: z.enum(REMINDER_KINDS).optional(),
        format: z.enum(['json', 'csv']).default('json'),
      })
      .strict(),
    output: z.object({
      day: f.isoDate,
      rows: z.array(
        z.object({
          contractId: f.id,
          number: z.string(),
          customer: z.object({ id: f.id, accountNumber: z.string(), name: z.string() }),
          village: z.string(),
          phone: z.string().nullable(),
          kind: z.enum(REMINDER_KINDS),
          amountMinor: z.number().int(),
          daysLate: z.number().int(),
          dueDate: f.isoDate.nullable(),
          message: z.string(),
        }),
      ),
      /** With `format: 'csv'`: the same rows as CSV text. */
      csv: z.string().nullable(),
    }),
    access: counter,
    kind: 'query',
  }),
  'contracts.callListPdf': defineCommand({
    name: 'contracts.callListPdf',
    summary:
      "A day's call list from the reminders outbox as a printable A4 PDF: customer, phone, village, contract, days late, amount due and the last payment, most days late first. Every print is audited.",
    input: z.object({ day: f.isoDate.optional() }).strict(),
    output: z.object({ fileName: z.string(), pdfBase64: z.string() }),
    access: counter,
    kind: 'write',
  }),
  'contracts.transfer': defineCommand({
    name: 'contracts.transfer',
    summary:
      'Move an active contract (and its device) to another customer, who takes over the balance.',
    input: z.object({ contractId: f.id, customerId: f.id, reason: f.requiredText(300) }).strict(),
    output: z.object({ contract: contractView }),
    access: supervisors,
    kind: 'write',
  }),
};
