// Managers' monthly report (docs/reports.md): the figures of one month for the company, a cluster
// or a mini-grid, computed from the ledgers, and the targets they are measured against.
import { z } from 'zod';
import { PAYMENT_METHODS, TARGET_METRICS, TARGET_SCOPES } from '../../domain/vocabulary';
import { REVENUE_TYPES } from '../../domain/reports/monthly';
import { DEBT_BUCKETS } from '../../domain/reports/debt';
import { PAST_DUE_BUCKETS } from '../../domain/reports/portfolio';
import { FUNDER_KINDS } from '../../domain/reports/funder';
import { defineCommand } from '../command';
import * as f from '../fields';

const supervisors = ['admin', 'manager'] as const;

const int = z.number().int();
const ratio = z.number().nullable();
const method = z.enum(PAYMENT_METHODS);
const revenueType = z.enum(REVENUE_TYPES);
export const targetMetric = z.enum(TARGET_METRICS);
export const targetScope = z.enum(TARGET_SCOPES);

/** A mini-grid code or a cluster name; none = the whole company. */
export const scopeText = z
  .string()
  .trim()
  .min(1, { message: 'must name a mini-grid code or a cluster' })
  .max(80);

export const target = z.object({
  id: f.id,
  scope: targetScope,
  scopeId: f.id,
  /** The mini-grid's code or the cluster's name. */
  scopeName: z.string(),
  metric: targetMetric,
  /** Minor units (revenue), a count (new customers), Wh (energy sold), basis points (collection rate). */
  value: int,
  fromDate: f.isoDate,
  byDate: f.isoDate,
  notes: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Target = z.infer<typeof target>;

const targetProgress = target.extend({
  /** Counted from fromDate to the earlier of byDate and the end of the report's month. */
  countedTo: f.isoDate,
  actual: int.nullable(),
  progress: ratio,
});

const consumer = z.object({
  customerId: z.string(),
  accountNumber: z.string(),
  name: z.string(),
  villageName: z.string(),
  wh: int,
});

/** Sections of the pack beyond the core figures (docs/reports.md). */
const sections = {
  /** Postpaid debt at the close of the period's last day, aged from the invoices' due dates. */
  debt: z.object({
    asOf: f.isoDate,
    totalMinor: int,
    buckets: z.array(z.object({ bucket: z.enum(DEBT_BUCKETS), amountMinor: int })),
    byVillage: z.array(
      z.object({
        villageId: z.string(),
        name: z.string(),
        miniGridCode: z.string(),
        amountMinor: int,
      }),
    ),
    customersOwing: int,
    disconnectionListSize: int,
  }),
  dayEnds: z.object({
    rows: z.array(
      z.object({
        cashierName: z.string(),
        receipts: int,
        netMinor: int,
        daysClosed: int,
        closedNetMinor: int,
        cashDifferenceMinor: int,
        daysCounted: int,
      }),
    ),
    totals: z.object({
      receipts: int,
      netMinor: int,
      daysClosed: int,
      closedNetMinor: int,
      cashDifferenceMinor: int,
    }),
  }),
  consumption: z.object({
    connections: int,
    totalWh: int,
    whPerConnection: int.nullable(),
    top: z.array(consumer),
    bottom: z.array(consumer),
  }),
  /** Mini-grids with generation meters only; empty when none measures its generation. */
  generation: z.object({
    rows: z.array(
      z.object({
        miniGridId: z.string(),
        code: z.string(),
        generatedWh: int,
        soldWh: int,
        lossWh: int,
        lossShare: ratio,
        allowedWh: int,
        excessWh: int,
      }),
    ),
    totals: z.object({ generatedWh: int, soldWh: int, lossWh: int, lossShare: ratio }),
    allowedShare: z.number(),
  }),
  portfolio: z.object({
    contracts: int,
    grossReceivablesMinor: int,
    buckets: z.array(
      z.object({ bucket: z.enum(PAST_DUE_BUCKETS), contracts: int, amountMinor: int }),
    ),
    par: z.array(z.object({ days: int, atRiskMinor: int, share: ratio })),
    collection: z.object({ collectedMinor: int, dueMinor: int, rate: ratio }),
    cohorts: z.array(
      z.object({
        cohort: z.string(),
        contracts: int,
        financedMinor: int,
        points: z.array(
          z.object({ month: int, expectedMinor: int, repaidMinor: int, rate: ratio }),
        ),
      }),
    ),
  }),
};

export const monthlyReport = z.object({
  period: z.string(),
  scope: z.object({
    kind: z.enum(['company', 'cluster', 'mini_grid']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  /** A month (YYYY-MM) or a quarter (YYYY-Qn). */
  periodKind: z.enum(['month', 'quarter']),
  /** First local date of the period and the local date after its last (exclusive). */
  from: f.isoDate,
  to: f.isoDate,
  generatedAt: z.string(),
  /**
   * The data the report was made from: the last entry of the audit log (every change is audited),
   * so two printouts with the same entry were made from the same data.
   */
  dataAsOf: z.object({
    auditSeq: int,
    auditHash: z.string().nullable(),
    at: z.string().nullable(),
  }),
  /** "Nothing in this period": no payment, invoice, token or new customer in the month. */
  empty: z.boolean(),
  message: z.string().nullable(),
  currency: z.object({ code: z.string(), decimals: int }),
  revenue: z.object({
    totalMinor: int,
    rows: z.array(
      z.object({
        clusterName: z.string(),
        miniGridCode: z.string(),
        villageName: z.string(),
        type: revenueType,
        method,
        amountMinor: int,
      }),
    ),
    byType: z.array(z.object({ type: revenueType, amountMinor: int })),
    byMethod: z.array(z.object({ method, amountMinor: int })),
    byCluster: z.array(z.object({ clusterId: z.string(), name: z.string(), amountMinor: int })),
    byMiniGrid: z.array(
      z.object({ miniGridId: z.string(), code: z.string(), name: z.string(), amountMinor: int }),
    ),
    byVillage: z.array(
      z.object({
        villageId: z.string(),
        name: z.string(),
        miniGridCode: z.string(),
        amountMinor: int,
      }),
    ),
  }),
  energy: z.object({
    prepaidSoldWh: int,
    prepaidRevenueMinor: int,
    postpaidBilledWh: int,
    postpaidBilledMinor: int,
    totalWh: int,
    byMiniGrid: z.array(
      z.object({ miniGridId: z.string(), code: z.string(), prepaidWh: int, postpaidWh: int }),
    ),
  }),
  customers: z.object({
    atStart: int,
    new: int,
    atEnd: int,
    active: int,
    inactive: int,
    activeBefore: int,
    churned: int,
    churnRate: ratio,
  }),
  perCustomer: z.object({ whPerActiveCustomer: int.nullable(), arpuMinor: int.nullable() }),
  tokens: z.object({
    total: int,
    byKind: z.array(z.object({ kind: z.string(), count: int })),
    stsPendingAtEnd: int,
  }),
  collections: z.object({ billedMinor: int, collectedMinor: int, efficiency: ratio }),
  targets: z.array(targetProgress),
  ...sections,
});
export type MonthlyReport = z.infer<typeof monthlyReport>;

/** A month (YYYY-MM) or a quarter (YYYY-Qn, Q1 = January to March). */
const reportPeriodName = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{4}-((0[1-9]|1[0-2])|Q[1-4])$/, {
    message: 'must be a month (YYYY-MM) or a quarter (YYYY-Qn)',
  });

const reportInput = z
  .object({
    period: reportPeriodName,
    scope: scopeText.optional(),
  })
  .strict();

export const reportsCommands = {
  'reports.monthly': defineCommand({
    name: 'reports.monthly',
    summary:
      'The monthly report of the company, a cluster (by name) or a mini-grid (by code): revenue by place, payment type and method; energy sold and billed; customers; tokens; collections against billing; targets against actuals.',
    input: reportInput,
    output: monthlyReport,
    access: supervisors,
    kind: 'query',
  }),
  'reports.monthlyFiles': defineCommand({
    name: 'reports.monthlyFiles',
    summary:
      'The monthly (or quarterly) report pack as files to save: the A4 PDF (cover, contents, tables and vector charts), one XLSX workbook (a sheet per table, numbers with formats) and one CSV per table.',
    input: reportInput
      .extend({
        /** Progress events and cancel (operations.cancel) under this id. */
        operationId: z.string().max(64).optional(),
      })
      .strict(),
    output: z.object({
      report: monthlyReport,
      files: z.array(
        z.object({ name: z.string(), mediaType: z.string(), contentBase64: z.string() }),
      ),
    }),
    access: supervisors,
    kind: 'query',
  }),
  'reports.funder': defineCommand({
    name: 'reports.funder',
    summary:
      "Funder and programme exports for a month or a quarter, to upload later: Odyssey's payment data (kind odyssey: every payment with its timestamp, amount, type, device, customer, agent and GPS) or Prospect's installation data (kind prospect: devices installed, with payment plan, paid-off, repossession and write-off dates), as CSV and XLSX.",
    input: z
      .object({ kind: z.enum(FUNDER_KINDS), period: reportPeriodName, scope: scopeText.optional() })
      .strict(),
    output: z.object({
      kind: z.enum(FUNDER_KINDS),
      period: z.string(),
      rows: int,
      files: z.array(
        z.object({ name: z.string(), mediaType: z.string(), contentBase64: z.string() }),
      ),
    }),
    access: supervisors,
    kind: 'query',
  }),
  'targets.set': defineCommand({
    name: 'targets.set',
    summary:
      'Set a target for a mini-grid or a cluster: a metric to reach by a date (revenue, new customers, energy sold, collection rate). With an id, changes that target.',
    input: z
      .object({
        id: f.id.optional(),
        scope: targetScope,
        scopeId: f.id,
        metric: targetMetric,
        value: z
          .number({ message: 'must be a number' })
          .int({ message: 'must be a whole number' })
          .min(0, { message: 'must not be negative' })
          .max(Number.MAX_SAFE_INTEGER),
        /** First local date counted; today when omitted. */
        fromDate: f.isoDate.optional(),
        byDate: f.isoDate,
        notes: f.optionalText(500),
      })
      .strict(),
    output: target,
    access: supervisors,
    kind: 'write',
  }),
  'targets.list': defineCommand({
    name: 'targets.list',
    summary:
      'Targets, latest deadline first, optionally of one mini-grid or cluster, each with what it has reached so far (from its first day through today) and its progress.',
    input: z.object({ scopeId: f.id.optional() }).strict(),
    output: z.object({ rows: z.array(targetProgress) }),
    access: supervisors,
    kind: 'query',
  }),
};
