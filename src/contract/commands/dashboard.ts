// The managers' dashboard (docs/dashboard.md): today's counter, this month's money and energy,
// debt and its age, the appliance portfolio, the registry's work, backups and targets, for the
// company, a cluster or a mini-grid. Each role gets the sections that concern it.
import { z } from 'zod';
import { DASHBOARD_SECTIONS } from '../../domain/reports/dashboard';
import { DEBT_BUCKETS } from '../../domain/reports/debt';
import { PAYMENT_METHODS } from '../../domain/vocabulary';
import { defineCommand } from '../command';
import * as f from '../fields';
import { periodName } from './billing';
import { scopeText, target } from './reports';

const int = z.number().int();
const ratio = z.number().nullable();

export const dashboardReport = z.object({
  /** The month shown (YYYY-MM). */
  period: z.string(),
  /**
   * The day of the counter's figures: today in the current month, the month's last day in a past
   * one. The month's figures run from the first of the month through it.
   */
  date: f.isoDate,
  monthStart: f.isoDate,
  /** Today: debt, its age, PAR30, flagged readings and backups are as they stand now. */
  asOf: f.isoDate,
  scope: z.object({
    kind: z.enum(['company', 'cluster', 'mini_grid']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  generatedAt: z.string(),
  currency: z.object({ code: z.string(), decimals: int }),
  /** The sections this role sees; the others are null. */
  sections: z.array(z.enum(DASHBOARD_SECTIONS)),
  counter: z
    .object({
      totalMinor: int,
      payments: int,
      byMethod: z.array(z.object({ method: z.enum(PAYMENT_METHODS), amountMinor: int })),
      byCashier: z.array(z.object({ cashier: z.string(), amountMinor: int, payments: int })),
      tokens: int,
      tokensByKind: z.array(z.object({ kind: z.string(), count: int })),
    })
    .nullable(),
  month: z
    .object({
      collectedMinor: int,
      byDay: z.array(z.object({ date: f.isoDate, amountMinor: int })),
      prepaidSoldWh: int,
      prepaidSoldMinor: int,
      postpaidBilledWh: int,
      billedMinor: int,
      invoices: int,
      collectedOnInvoicesMinor: int,
      collectionEfficiency: ratio,
    })
    .nullable(),
  debt: z
    .object({
      totalMinor: int,
      customers: int,
      buckets: z.array(z.object({ bucket: z.enum(DEBT_BUCKETS), amountMinor: int })),
    })
    .nullable(),
  portfolio: z
    .object({
      activeContracts: int,
      outstandingMinor: int,
      par30Minor: int,
      par30Bp: int,
    })
    .nullable(),
  registry: z.object({ newCustomers: int, newConnections: int, flaggedReadings: int }).nullable(),
  system: z
    .object({
      lastGoodBackupAt: z.string().nullable(),
      lastDrill: z.object({ at: z.string(), ok: z.boolean() }).nullable(),
      /** Targets of the scope running on the day, measured from their first day through it. */
      targets: z.array(
        target.extend({ countedTo: f.isoDate, actual: int.nullable(), progress: ratio }),
      ),
    })
    .nullable(),
});
export type DashboardReport = z.infer<typeof dashboardReport>;

export const dashboardCommands = {
  'reports.dashboard': defineCommand({
    name: 'reports.dashboard',
    summary:
      "The dashboard of the company, a cluster (by name) or a mini-grid (by code) for a month (the current one when not given): the day's collections by method and cashier and tokens issued; the month's collections by day, energy sold and billed and collection efficiency; debt by age; PAR30; customers and connections added; flagged readings; last backup and drill; targets. Cashiers get the counter's part, clerks the registry's.",
    input: z
      .object({
        /** The month (YYYY-MM); the current month when not given. */
        period: periodName.optional(),
        scope: scopeText.optional(),
      })
      .strict(),
    output: dashboardReport,
    access: 'signed-in',
    kind: 'query',
  }),
};
