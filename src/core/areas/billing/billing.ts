// Billing runs (docs/domain.md §7). A run drafts one invoice per postpaid meter of a mini-grid for
// a period, with the problems that stop it (no reading, flagged reading, no tariff, no customer);
// the manager fixes readings and regenerates; finalising regenerates once more, refuses while
// problems remain, then numbers the invoices (office series per year, no gaps, village order) and
// builds their payment links. This file is the run's lifecycle (start, regenerate, finalise, the
// writing in slices); drafts.ts computes a draft from the readings, tariff versions and the
// meter's state carried from its previous invoice, with the arithmetic in domain/billing.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { AppError, type BillingProblem, type BillingRun } from '../../../contract';
import {
  paymentLink,
  templateProblems as templateProblemsOf,
} from '../../../domain/billing/payment-link';
import { billingPeriod, type Period } from '../../../domain/billing/period';
import { minorToMajorInput } from '../../../domain/money-text';
import { addDays } from '../../../domain/time';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { nextTurn } from '../../turns';
import { billingRuns, billingSettings, customers, invoices, miniGrids } from '../../db/schema';
import { columnPlaceholders, prepared } from '../../db/prepared';
import { invoiceView } from '../accounts/queries';
import { reserveCounter } from '../shared/counters';
import { officeToday, readSettings, requireOffice, requireOwnedHere } from '../shared/office';
import type { Handler } from '../shared/types';
import { draftRun, draftRunCancellable, loadMiniGrid, type Draft } from './drafts';
import { loadRun, runInvoices, settingsOf } from './queries';

type Ctx = ServiceContext;
type RunRow = typeof billingRuns.$inferSelect;
type InvoiceInsert = typeof invoices.$inferInsert;

export const getSettings: Handler<'billing.getSettings'> = (ctx, input) => {
  loadMiniGrid(ctx, input.miniGridId);
  return settingsOf(ctx, input.miniGridId);
};

export const saveSettings: Handler<'billing.saveSettings'> = (ctx, input) => {
  const grid = loadMiniGrid(ctx, input.miniGridId);
  if (input.provider === 'custom') {
    const problems = input.linkTemplate
      ? templateProblemsOf(input.linkTemplate)
      : ['is required for a custom provider'];
    if (problems.length > 0) {
      throw new AppError('VALIDATION', `The link template ${problems.join('; ')}.`, {
        issues: problems.map((message) => ({ field: 'linkTemplate', message })),
      });
    }
  }
  if (['paystack', 'flutterwave', 'pesapal'].includes(input.provider) && !input.providerPage) {
    throw new AppError('VALIDATION', 'Give the payment page you created with the provider.', {
      issues: [{ field: 'providerPage', message: 'is required for this provider' }],
    });
  }
  const values = { ...input, updatedHlc: ctx.hlc.next() };
  const { miniGridId: _key, ...changes } = values;
  ctx.db
    .insert(billingSettings)
    .values(values)
    .onConflictDoUpdate({ target: billingSettings.miniGridId, set: changes })
    .run();
  noteAudit(
    ctx,
    `Saved billing settings of ${grid.name} (${grid.code}): provider ${input.provider}`,
    [grid.id],
  );
  return settingsOf(ctx, grid.id);
};

function runView(ctx: QueryContext, run: RunRow): BillingRun {
  const grid = ctx.db
    .select({ name: miniGrids.name })
    .from(miniGrids)
    .where(eq(miniGrids.id, run.miniGridId))
    .get();
  const stats = ctx.db
    .select({
      n: sql<number>`count(*)`,
      total: sql<number>`coalesce(sum(${invoices.chargesMinor}), 0)`,
      estimated: sql<number>`coalesce(sum(case when json_extract(${invoices.body}, '$.closing.estimated') then 1 else 0 end), 0)`,
    })
    .from(invoices)
    .where(eq(invoices.runId, run.id))
    .get();
  return {
    id: run.id,
    miniGridId: run.miniGridId,
    miniGrid: grid?.name ?? '',
    period: run.period,
    status: run.status,
    invoices: stats?.n ?? 0,
    estimated: stats?.estimated ?? 0,
    totalChargesMinor: stats?.total ?? 0,
    problems: run.problems as BillingProblem[],
    generatedAt: run.generatedAt,
    finalisedAt: run.finalisedAt,
    finalisedBy: run.finalisedBy,
  };
}

function periodOf(ctx: Ctx, gridId: string, name: string): Period {
  const period = billingPeriod(name, settingsOf(ctx, gridId).closeDay);
  const today = officeToday(ctx.db, ctx.clock.nowMs());
  if (period.end > today) {
    throw new AppError(
      'VALIDATION',
      `The period ${name} ends on ${addDays(period.end, -1)}; it can be billed from ${period.end}.`,
      { issues: [{ field: 'period', message: 'has not ended yet' }] },
    );
  }
  return period;
}

function progressOf(ctx: Ctx, operationId: string | undefined) {
  return (done: number, total: number) => {
    if (operationId && (done % 200 === 0 || done === total)) {
      ctx.events.emit({ type: 'progress', operationId, phase: 'billing', done, total });
    }
  };
}

/** Draft invoices per write transaction: about 15 ms of writing at a time. */
const WRITE_SLICE = 250;
/**
 * local_meta `billing_writing:<run id>`: the run's draft invoices are being written a slice at a
 * time. Found at start, the writing was interrupted: the run is removed (dropInterruptedRuns).
 */
const WRITING = 'billing_writing:';

function markWriting(raw: Ctx['raw'], runId: string): void {
  raw
    .prepare('INSERT OR REPLACE INTO local_meta (key, value) VALUES (?, ?)')
    .run(WRITING + runId, '1');
}

function refuseWhileWriting(ctx: Ctx, run: RunRow): void {
  if (ctx.raw.prepare('SELECT 1 FROM local_meta WHERE key = ?').get(WRITING + run.id) !== undefined)
    throw new AppError(
      'CONFLICT',
      `The run for ${run.period} is still being written; try again when it is done.`,
    );
}

function deleteDrafts(ctx: Ctx, runId: string): void {
  ctx.db
    .delete(invoices)
    .where(and(eq(invoices.runId, runId), eq(invoices.status, 'draft')))
    .run();
}

function insertDrafts(ctx: Ctx, rows: InvoiceInsert[]): void {
  // One prepared statement for every row: building a 500-row INSERT's text cost more than SQLite.
  const insert = prepared(ctx.db, 'billing.insertInvoice', (d) =>
    d.insert(invoices).values(columnPlaceholders(invoices)).prepare(),
  );
  for (const row of rows) insert.run(row);
}

/** The run's problems and generation time: the last step of writing a draft. */
function completeDraft(ctx: Ctx, runId: string, draft: Draft): void {
  ctx.db
    .update(billingRuns)
    .set({ problems: draft.problems, generatedAt: ctx.clock.nowIso() })
    .where(eq(billingRuns.id, runId))
    .run();
}

/** Replace a run's draft invoices at once (inside the caller's transaction). */
function writeDraft(ctx: Ctx, run: RunRow, draft: Draft): void {
  deleteDrafts(ctx, run.id);
  insertDrafts(ctx, draft.rows);
  completeDraft(ctx, run.id, draft);
}

/** The columns that make a draft invoice what it is (all but its id and creation time). */
const SAME_DRAFT_COLUMNS = [
  'office_id',
  'customer_id',
  'period',
  'period_start',
  'period_end',
  'sort_key',
  'body',
  'next_state',
  'charges_minor',
  'total_due_minor',
  'due_date',
] as const;

/**
 * The drafted rows that differ from the run's stored drafts, and the ids of stored drafts that no
 * drafted row matches. A draft is matched by its meter and every column but its id and creation
 * time (JSON as drizzle writes it), so a regenerate or a finalise over unchanged data writes
 * nothing: at 10,000 meters rewriting every draft was most of a finalise.
 */
function changedDrafts(ctx: Ctx, runId: string, rows: InvoiceInsert[]) {
  const stored = ctx.raw
    .prepare(
      `SELECT id, device_id, ${SAME_DRAFT_COLUMNS.join(', ')} FROM invoices WHERE run_id = ? AND status = 'draft'`,
    )
    .all(runId) as Record<string, unknown>[];
  const byDevice = new Map<string, Record<string, unknown>[]>();
  for (const row of stored) {
    const key = String(row.device_id);
    const list = byDevice.get(key);
    if (list) list.push(row);
    else byDevice.set(key, [row]);
  }
  const fresh: InvoiceInsert[] = [];
  for (const row of rows) {
    const values: Record<(typeof SAME_DRAFT_COLUMNS)[number], unknown> = {
      office_id: row.officeId,
      customer_id: row.customerId,
      period: row.period,
      period_start: row.periodStart,
      period_end: row.periodEnd,
      sort_key: row.sortKey,
      body: JSON.stringify(row.body),
      next_state: JSON.stringify(row.nextState),
      charges_minor: row.chargesMinor,
      total_due_minor: row.totalDueMinor,
      due_date: row.dueDate,
    };
    const candidates = byDevice.get(row.deviceId) ?? [];
    const same = candidates.findIndex((c) => SAME_DRAFT_COLUMNS.every((k) => c[k] === values[k]));
    if (same >= 0) candidates.splice(same, 1);
    else fresh.push(row);
  }
  const stale = [...byDevice.values()].flat().map((r) => String(r.id));
  return { fresh, stale };
}

/**
 * Replace a run's draft invoices a slice per transaction, with a turn for other commands between
 * slices; the run is marked as being written throughout (the caller completes it and removes the
 * mark in its last transaction, with the audit entry). Drafts that come out the same are kept.
 */
async function writeInTurns(ctx: Ctx, runId: string, draft: Draft): Promise<void> {
  const deleteOne = ctx.raw.prepare("DELETE FROM invoices WHERE id = ? AND status = 'draft'");
  const tx = (fn: () => void) => ctx.raw.transaction(fn).immediate();
  tx(() => markWriting(ctx.raw, runId));
  const { fresh, stale } = changedDrafts(ctx, runId, draft.rows);
  for (let i = 0; i < stale.length; i += WRITE_SLICE) {
    tx(() => {
      for (const id of stale.slice(i, i + WRITE_SLICE)) deleteOne.run(id);
    });
    await nextTurn();
  }
  for (let i = 0; i < fresh.length; i += WRITE_SLICE) {
    tx(() => insertDrafts(ctx, fresh.slice(i, i + WRITE_SLICE)));
    await nextTurn();
  }
}

/** The last step of writing a run in turns (inside the caller's transaction). */
function completeWritten(ctx: Ctx, runId: string, draft: Draft): BillingRun {
  completeDraft(ctx, runId, draft);
  ctx.raw.prepare('DELETE FROM local_meta WHERE key = ?').run(WRITING + runId);
  return runView(ctx, loadRun(ctx, runId));
}

/**
 * At start: a run whose draft invoices were being written when GridDesk stopped is removed with
 * them (it was never complete, and never audited); the manager runs billing again. Returns how
 * many runs were removed.
 */
export function dropInterruptedRuns(raw: Ctx['raw']): number {
  const keys = raw
    .prepare("SELECT key FROM local_meta WHERE key LIKE 'billing\\_writing:%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  raw.transaction(() => {
    for (const key of keys) {
      const runId = key.slice(WRITING.length);
      raw.prepare("DELETE FROM invoices WHERE run_id = ? AND status = 'draft'").run(runId);
      raw.prepare("DELETE FROM billing_runs WHERE id = ? AND status = 'draft'").run(runId);
      raw.prepare('DELETE FROM local_meta WHERE key = ?').run(key);
    }
  })();
  return keys.length;
}

function refuseExisting(
  ctx: Ctx,
  grid: { id: string; name: string; officeId: string },
  period: string,
): void {
  // A run is keyed by its mini-grid and period: only the grid's own office bills it, so two
  // offices never both bill one grid for one month.
  requireOwnedHere(
    ctx.db,
    grid.officeId,
    (owner) => `${grid.name} belongs to ${owner}; its customers are billed there.`,
  );
  const existing = ctx.db
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.miniGridId, grid.id), eq(billingRuns.period, period)))
    .get();
  if (!existing) return;
  throw new AppError(
    'CONFLICT',
    existing.status === 'final'
      ? `${grid.name} was already billed for ${period}; correct an invoice with a credit or debit note.`
      : `${grid.name} already has a draft run for ${period}: open it and regenerate.`,
  );
}

const CANCELLED = 'Billing was cancelled; nothing was written.';

interface GridDraft {
  grid: { id: string; name: string; officeId: string };
  period: Period;
  runId: string;
  draft: Draft;
}

function insertRun(ctx: Ctx, { grid, period, runId }: GridDraft): RunRow {
  refuseExisting(ctx, grid, period.name);
  const now = ctx.clock.nowIso();
  const row: RunRow = {
    id: runId,
    officeId: requireOffice(ctx.db).id,
    miniGridId: grid.id,
    period: period.name,
    status: 'draft',
    problems: [],
    createdAt: now,
    createdBy: ctx.actor.name,
    generatedAt: now,
    finalisedAt: null,
    finalisedBy: null,
  };
  ctx.db.insert(billingRuns).values(row).run();
  return row;
}

function auditRuns(ctx: Ctx, runs: BillingRun[], periodName: string): void {
  noteAudit(
    ctx,
    `Drafted billing for ${periodName}: ${runs.map((r) => `${r.miniGrid}: ${r.invoices} invoice(s), ${r.problems.length} problem(s)`).join('; ')}`,
    runs.map((r) => r.id),
  );
}

/** Write the drafted runs and their invoices at once (inside the caller's transaction). */
function storeRuns(ctx: Ctx, drafts: GridDraft[], periodName: string): { runs: BillingRun[] } {
  const runs = drafts.map((d) => {
    const row = insertRun(ctx, d);
    writeDraft(ctx, row, d.draft);
    return runView(ctx, loadRun(ctx, row.id));
  });
  auditRuns(ctx, runs, periodName);
  return { runs };
}

/**
 * Drafting happens first, outside any transaction, with turns for other commands so progress shows
 * and Cancel works. The runs and their draft invoices are then written a slice per transaction
 * (writeInTurns), and one last transaction completes them with the audit entry.
 */
export const run: Handler<'billing.run'> = async (ctx, input) => {
  const progress = progressOf(ctx, input.operationId);
  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  try {
    const drafts: GridDraft[] = [];
    for (const gridId of [...new Set(input.miniGridIds)]) {
      const grid = loadMiniGrid(ctx, gridId, 'miniGridIds');
      const period = periodOf(ctx, gridId, input.period);
      refuseExisting(ctx, grid, period.name);
      const runId = ctx.ids.newId();
      const draft = await draftRunCancellable(ctx, runId, gridId, period, progress, signal);
      if (!draft) return new AppError('CONFLICT', CANCELLED, { cancelled: true });
      drafts.push({ grid, period, runId, draft });
    }
    // The runs exist from here on, marked as being written (checked again: none appeared meanwhile).
    ctx.raw
      .transaction(() => {
        for (const d of drafts) {
          insertRun(ctx, d);
          markWriting(ctx.raw, d.runId);
        }
      })
      .immediate();
    for (const d of drafts) await writeInTurns(ctx, d.runId, d.draft);
    return ctx.transact(() => {
      const runs = drafts.map((d) => completeWritten(ctx, d.runId, d.draft));
      auditRuns(ctx, runs, input.period);
      return { runs };
    });
  } finally {
    ctx.operations.end(input.operationId);
  }
};

/**
 * The same run drafted in one go, without yielding: for a caller already inside a transaction
 * (the demo loader, which bills past months during setup). Same checks, same rows.
 */
export const runNow: Handler<'billing.run'> = (ctx, input) => {
  const drafts: GridDraft[] = [...new Set(input.miniGridIds)].map((gridId) => {
    const grid = loadMiniGrid(ctx, gridId, 'miniGridIds');
    const period = periodOf(ctx, gridId, input.period);
    refuseExisting(ctx, grid, period.name);
    const runId = ctx.ids.newId();
    return { grid, period, runId, draft: draftRun(ctx, runId, gridId, period, () => undefined) };
  });
  return ctx.transact(() => storeRuns(ctx, drafts, input.period));
};

export const regenerate: Handler<'billing.regenerate'> = async (ctx, input) => {
  const progress = progressOf(ctx, input.operationId);
  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  try {
    const row = loadRun(ctx, input.runId);
    if (row.status === 'final') {
      throw new AppError(
        'CONFLICT',
        `The run for ${row.period} is final; correct an invoice with a credit or debit note.`,
      );
    }
    refuseWhileWriting(ctx, row);
    const period = billingPeriod(row.period, settingsOf(ctx, row.miniGridId).closeDay);
    const draft = await draftRunCancellable(ctx, row.id, row.miniGridId, period, progress, signal);
    if (!draft) return new AppError('CONFLICT', CANCELLED, { cancelled: true });
    // Finalising is refused while the run is being written, so it stays a draft from here on.
    const current = loadRun(ctx, row.id);
    if (current.status === 'final')
      throw new AppError('CONFLICT', `The run for ${row.period} was finalised meanwhile.`);
    refuseWhileWriting(ctx, current);
    await writeInTurns(ctx, row.id, draft);
    return ctx.transact(() => {
      const view = completeWritten(ctx, row.id, draft);
      noteAudit(
        ctx,
        `Regenerated billing of ${view.miniGrid} for ${row.period}: ${view.invoices} invoice(s), ${view.problems.length} problem(s)`,
        [row.id],
      );
      return view;
    });
  } finally {
    ctx.operations.end(input.operationId);
  }
};

function refuseFinal(row: RunRow): void {
  if (row.status === 'final')
    throw new AppError('CONFLICT', `The run for ${row.period} is already final.`);
}

/** Finalising is refused while problems remain; the manager sees the fresh draft's problems. */
function problemsRefusal(ctx: Ctx, runId: string, draft: Draft): AppError {
  const view = runView(ctx, loadRun(ctx, runId));
  return new AppError(
    'CONFLICT',
    `The run cannot be finalised: ${draft.problems.length} problem(s) remain. ${draft.problems
      .slice(0, 5)
      .map((p) => p.message)
      .join(' ')}`,
    { problems: view.problems },
  );
}

/**
 * Number the run's draft invoices (no gaps, in sort order), give them payment links and due dates,
 * and make them and the run final (inside the caller's transaction, with the audit entry).
 */
function numberAndClose(ctx: Ctx, row: RunRow, period: Period): BillingRun {
  const settings = readSettings(ctx.db);
  const billing = settingsOf(ctx, row.miniGridId);
  const now = ctx.clock.nowIso();
  const drafts = ctx.db
    .select({
      id: invoices.id,
      totalDueMinor: invoices.totalDueMinor,
      accountNumber: customers.accountNumber,
    })
    .from(invoices)
    .leftJoin(customers, eq(customers.id, invoices.customerId))
    .where(eq(invoices.runId, row.id))
    .orderBy(asc(invoices.sortKey))
    .all();
  const year =
    period.end > period.start ? addDays(period.end, -1).slice(0, 4) : period.start.slice(0, 4);
  // Issued today: the customer gets the due days from the day the invoice exists.
  const dueDate = addDays(officeToday(ctx.db, ctx.clock.nowMs()), billing.dueDays);
  const first = drafts.length > 0 ? reserveCounter(ctx.db, `invoice:${year}`, drafts.length) : 0;
  const close = ctx.raw.prepare(
    "UPDATE invoices SET number = ?, status = 'final', payment_link = ?, finalised_at = ?, due_date = ? WHERE id = ?",
  );
  const numbers = drafts.map((inv, i) => {
    const number = `${settings.office.code}-${year}-${String(first + i).padStart(6, '0')}`;
    const link = paymentLink(
      { provider: billing.provider, page: billing.providerPage, template: billing.linkTemplate },
      {
        invoice: number,
        amountMinor: inv.totalDueMinor,
        decimals: settings.currency.decimals,
        account: inv.accountNumber ?? '',
        currency: settings.currency.code,
      },
    );
    close.run(number, link, now, dueDate, inv.id);
    return number;
  });
  ctx.db
    .update(billingRuns)
    .set({ status: 'final', finalisedAt: now, finalisedBy: ctx.actor.name })
    .where(eq(billingRuns.id, row.id))
    .run();
  const view = runView(ctx, loadRun(ctx, row.id));
  noteAudit(
    ctx,
    `Finalised billing of ${view.miniGrid} for ${row.period}: ${numbers.length} invoice(s)` +
      (numbers.length ? ` ${numbers[0]}..${numbers[numbers.length - 1]}` : ''),
    [row.id],
  );
  return view;
}

/**
 * Finalise from a screen: the run is drafted once more with turns for other commands, its drafts
 * written a slice at a time (as billing.run does), and only the numbering is one transaction.
 * What is finalised is the data as it stood while drafting, exactly as a run drafts it; a change
 * made meanwhile counts as made just after finalising.
 */
export const finalise: Handler<'billing.finalise'> = async (ctx, input) => {
  const row = loadRun(ctx, input.runId);
  refuseFinal(row);
  refuseWhileWriting(ctx, row);
  const period = billingPeriod(row.period, settingsOf(ctx, row.miniGridId).closeDay);
  const draft = await draftRunCancellable(
    ctx,
    row.id,
    row.miniGridId,
    period,
    () => undefined,
    new AbortController().signal,
  );
  if (!draft) throw new AppError('CONFLICT', CANCELLED, { cancelled: true });
  // Checked again after the turns: another finalise or a regenerate may have started meanwhile.
  const current = loadRun(ctx, row.id);
  refuseFinal(current);
  refuseWhileWriting(ctx, current);
  await writeInTurns(ctx, row.id, draft);
  return ctx.transact(() => {
    completeWritten(ctx, row.id, draft);
    if (draft.problems.length > 0) return problemsRefusal(ctx, row.id, draft);
    return numberAndClose(ctx, loadRun(ctx, row.id), period);
  });
};

/** The same at once, for a caller already inside a transaction (the demo loader). */
export const finaliseNow: Handler<'billing.finalise'> = (ctx, input) =>
  ctx.transact(() => {
    const row = loadRun(ctx, input.runId);
    refuseFinal(row);
    refuseWhileWriting(ctx, row);
    const period = billingPeriod(row.period, settingsOf(ctx, row.miniGridId).closeDay);
    const draft = draftRun(ctx, row.id, row.miniGridId, period, () => undefined);
    writeDraft(ctx, row, draft);
    if (draft.problems.length > 0) return problemsRefusal(ctx, row.id, draft);
    return numberAndClose(ctx, row, period);
  });

export const runs: Handler<'billing.runs'> = (ctx, input) => ({
  runs: ctx.db
    .select()
    .from(billingRuns)
    .where(input.miniGridId ? eq(billingRuns.miniGridId, input.miniGridId) : undefined)
    .orderBy(desc(billingRuns.period), asc(billingRuns.createdAt))
    .all()
    .map((r) => runView(ctx, r)),
});

export const getRun: Handler<'billing.getRun'> = (ctx, input) => {
  const row = loadRun(ctx, input.runId);
  const zone = readSettings(ctx.db).office.timeZone;
  return {
    run: runView(ctx, row),
    invoices: runInvoices(ctx, row.id).map((i) => invoiceView(ctx, i, undefined, zone)),
  };
};

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csv: Handler<'invoices.csv'> = (ctx, input) => {
  const row = loadRun(ctx, input.runId);
  const header = [
    'number',
    'status',
    'account',
    'customer',
    'meter',
    'village',
    'period',
    'previous_kwh',
    'previous_at',
    'present_kwh',
    'present_at',
    'estimated',
    'kwh_billed',
    'charges',
    'vat',
    'arrears',
    'total_due',
    'due_date',
    'payment_link',
  ];
  const settings = readSettings(ctx.db);
  const decimals = settings.currency.decimals;
  // Exact digits from integer minor units (never through a float).
  const major = (minor: number) => minorToMajorInput(minor, decimals);
  const lines = runInvoices(ctx, row.id).map((r) => {
    const i = invoiceView(ctx, r, undefined, settings.office.timeZone);
    return [
      i.number ?? 'draft',
      i.status,
      i.customer.accountNumber,
      i.customer.name,
      i.meterSerial,
      i.village,
      i.period,
      i.opening.wh / 1000,
      i.opening.at,
      i.closing.wh / 1000,
      i.closing.at,
      i.closing.estimated ? 'yes' : 'no',
      i.billedWh / 1000,
      major(i.chargesMinor),
      major(i.vatMinor),
      major(i.arrearsMinor),
      major(i.totalDueMinor),
      i.dueDate,
      i.paymentLink,
    ]
      .map(csvCell)
      .join(',');
  });
  const grid = ctx.db
    .select({ code: miniGrids.code })
    .from(miniGrids)
    .where(eq(miniGrids.id, row.miniGridId))
    .get();
  return {
    fileName: `invoices-${grid?.code ?? 'run'}-${row.period}.csv`,
    csv: [header.join(','), ...lines].join('\n') + '\n',
  };
};
