// Billing runs as other areas read them: a run, its invoices, a mini-grid's billing settings.
import { asc, eq } from 'drizzle-orm';
import { AppError, type BillingSettings } from '../../../contract';
import type { QueryContext } from '../../context';
import { billingRuns, billingSettings, invoices } from '../../db/schema';

type RunRow = typeof billingRuns.$inferSelect;

export const DEFAULT_BILLING: Omit<BillingSettings, 'miniGridId'> = {
  closeDay: null,
  windowDays: 3,
  dueDays: 14,
  estimateLookbackDays: 90,
  provider: 'none',
  providerPage: null,
  linkTemplate: null,
};

export function settingsOf(ctx: QueryContext, miniGridId: string): BillingSettings {
  const row = ctx.db
    .select()
    .from(billingSettings)
    .where(eq(billingSettings.miniGridId, miniGridId))
    .get();
  if (!row) return { miniGridId, ...DEFAULT_BILLING };
  return {
    miniGridId,
    closeDay: row.closeDay,
    windowDays: row.windowDays,
    dueDays: row.dueDays,
    estimateLookbackDays: row.estimateLookbackDays,
    provider: row.provider,
    providerPage: row.providerPage,
    linkTemplate: row.linkTemplate,
  };
}

export function loadRun(ctx: QueryContext, id: string): RunRow {
  const run = ctx.db.select().from(billingRuns).where(eq(billingRuns.id, id)).get();
  if (!run) throw new AppError('NOT_FOUND', 'That billing run does not exist.');
  return run;
}

export function runInvoices(ctx: QueryContext, runId: string) {
  return ctx.db
    .select()
    .from(invoices)
    .where(eq(invoices.runId, runId))
    .orderBy(asc(invoices.sortKey))
    .all();
}
