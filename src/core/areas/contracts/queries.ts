// The contracts' reads other areas use: the facts of the open contracts (the dashboard's PAR30).
// Its per-connection statement cache serves the area's other raw reads too.
import type { Statement } from 'better-sqlite3';
import type { ContractTerms } from '../../../domain/contracts/payment';
import { standingOf } from '../../../domain/contracts/portfolio';
import type { QueryContext } from '../../context';

interface FactsRow {
  id: string;
  number: string;
  customer_id: string;
  item: string;
  device_id: string | null;
  price_minor: number;
  down_payment_minor: number;
  plan: 'instalments' | 'per_day';
  daily_price_minor: number | null;
  minimum_payment_minor: number | null;
  unlock_total_minor: number | null;
  grace_days: number;
  sale_date: string;
  agent: string | null;
  paid: number;
  oldest_due: string | null;
  scheduled_before: number;
  /** With `dueUntil`: the running total through the last instalment due from asOf to then. */
  due_through: number | null;
}

/**
 * Contracts with the facts their standing needs, in one statement: what each was paid (the
 * ledger's allocations, through their covering index) and, from the schedule's running totals,
 * its oldest unpaid instalment and what fell due before `asOf` (one index seek each). The rule
 * itself stays in the domain (standingOf). Exported for the benchmark's raw baseline.
 */
export function contractFactsSql(where: 'active' | 'one'): string {
  // MATERIALIZED: `paid` is summed once per contract, not again in each subquery that uses it.
  return `WITH a AS MATERIALIZED (
      SELECT c.id, c.number, c.customer_id, c.item, c.device_id, c.price_minor,
        c.down_payment_minor, c.plan, c.daily_price_minor, c.minimum_payment_minor,
        c.unlock_total_minor, c.grace_days, c.sale_date, c.agent,
        c.opening_paid_minor + coalesce((
          SELECT sum(pa.amount_minor) FROM payment_allocations pa
          WHERE pa.ref_id = c.id AND pa.kind IN ('down_payment', 'contract')), 0) AS paid
      FROM contracts c WHERE ${where === 'active' ? "c.status = 'active'" : 'c.id = @id'}
    )
    SELECT a.*,
      (SELECT i.due_date FROM contract_instalments i
        WHERE i.contract_id = a.id AND i.deleted_at IS NULL
          AND i.cum_through_minor > a.paid - a.down_payment_minor
        ORDER BY i.cum_through_minor LIMIT 1) AS oldest_due,
      coalesce((SELECT i.cum_through_minor FROM contract_instalments i
        WHERE i.contract_id = a.id AND i.deleted_at IS NULL AND i.due_date < @asOf
        ORDER BY i.due_date DESC LIMIT 1), 0) AS scheduled_before,
      CASE WHEN @dueUntil IS NULL THEN NULL ELSE (SELECT i.cum_through_minor
        FROM contract_instalments i
        WHERE i.contract_id = a.id AND i.deleted_at IS NULL
          AND i.due_date >= @asOf AND i.due_date <= @dueUntil
        ORDER BY i.due_date DESC LIMIT 1) END AS due_through
    FROM a`;
}

const statements = new WeakMap<object, Map<string, Statement>>();

/** A raw statement prepared once per connection (SQLite parses it once). */
export function statement(ctx: QueryContext, key: string, sqlText: () => string): Statement {
  let perDb = statements.get(ctx.raw);
  if (!perDb) {
    perDb = new Map();
    statements.set(ctx.raw, perDb);
  }
  let st = perDb.get(key);
  if (!st) {
    st = ctx.raw.prepare(sqlText());
    perDb.set(key, st);
  }
  return st;
}

export function factsOf(
  ctx: QueryContext,
  asOf: string,
  which: 'active' | { id: string },
  dueUntil?: string,
) {
  const rows = (
    which === 'active'
      ? statement(ctx, 'facts:active', () => contractFactsSql('active')).all({
          asOf,
          dueUntil: dueUntil ?? null,
        })
      : statement(ctx, 'facts:one', () => contractFactsSql('one')).all({
          asOf,
          dueUntil: dueUntil ?? null,
          id: which.id,
        })
  ) as FactsRow[];
  return rows.map((r) => {
    const terms: ContractTerms = {
      plan: r.plan,
      price: r.price_minor,
      downPayment: r.down_payment_minor,
      instalments: [],
      dailyPrice: r.daily_price_minor,
      minimumPayment: r.minimum_payment_minor,
      unlockTotal: r.unlock_total_minor,
    };
    const standing = standingOf(terms, r.paid, r.sale_date, asOf, r.grace_days, {
      oldestUnpaidDue: r.oldest_due,
      scheduledBefore: r.scheduled_before,
    });
    return { row: r, standing };
  });
}
