// The portfolio figures (docs/appliances.md, "Lists and figures"): this file loads, for every
// contract, what the figures count (its standing on the date when active, what fell due and what
// was collected in the month, its product, village and agent); the figures themselves, in total
// and broken down, come from one domain rule (summarisePortfolio), so the rows add up to the total.
import type { PortfolioFigures, PortfolioGroup } from '../../../contract';
import {
  portfolioBreakdown,
  summarisePortfolio,
  type PortfolioEntry,
  type PortfolioSummary,
} from '../../../domain/contracts/portfolio';
import { localDayBounds } from '../../../domain/time';
import { renderPortfolioPdf } from '../../contracts/portfolio-pdf';
import { noteAudit, type QueryContext } from '../../context';
import { readSettings } from '../shared/office';
import type { Handler } from '../shared/types';
import { today } from './contracts';
import { factsOf } from './queries';

interface Entry extends PortfolioEntry {
  product: string;
  villageId: string;
  village: string;
  agent: string | null;
}

function groupView(s: PortfolioSummary): Omit<PortfolioGroup, 'name'> {
  return {
    activeContracts: s.activeContracts,
    outstandingMinor: s.outstanding,
    par: s.par.map((p) => ({ days: p.days, atRiskMinor: p.atRisk, shareBp: p.shareBp })),
    collection: {
      dueMinor: s.collection.due,
      collectedMinor: s.collection.collected,
      shareBp: s.collection.shareBp,
    },
    paidOff: s.paidOff,
    writtenOff: { count: s.writtenOff.count, amountMinor: s.writtenOff.amount },
    repossessed: s.repossessed,
  };
}

/** Sums per contract of a query's (id, amount) rows. */
function perContract(rows: { id: string; amount: number }[]): Map<string, number> {
  return new Map(rows.map((r) => [r.id, r.amount]));
}

export function portfolioFigures(ctx: QueryContext, asOf: string): PortfolioFigures {
  const standing = new Map(factsOf(ctx, asOf, 'active').map((f) => [f.row.id, f.standing]));
  const from = `${asOf.slice(0, 7)}-01`;
  const timeZone = readSettings(ctx.db).office.timeZone;
  const start = localDayBounds(from, timeZone).startIso;
  const end = localDayBounds(asOf, timeZone).endIso;
  const due = perContract(
    ctx.raw
      .prepare(
        `SELECT contract_id AS id, sum(amount_minor) AS amount FROM contract_instalments
         WHERE deleted_at IS NULL AND due_date >= ? AND due_date <= ? GROUP BY contract_id`,
      )
      .all(from, asOf) as { id: string; amount: number }[],
  );
  const collected = perContract(
    ctx.raw
      .prepare(
        `SELECT pa.ref_id AS id, sum(pa.amount_minor) AS amount FROM payments p
         JOIN payment_allocations pa ON pa.payment_id = p.id
         WHERE p.received_at >= ? AND p.received_at < ? AND pa.kind = 'contract'
         GROUP BY pa.ref_id`,
      )
      .all(start, end) as { id: string; amount: number }[],
  );
  const rows = ctx.raw
    .prepare(
      `SELECT c.id, c.status, c.item, c.device_id, c.agent, c.written_off_minor,
         v.id AS village_id, v.name AS village, g.name AS grid
       FROM contracts c JOIN customers cu ON cu.id = c.customer_id
       JOIN villages v ON v.id = cu.village_id JOIN mini_grids g ON g.id = v.mini_grid_id`,
    )
    .all() as {
    id: string;
    status: PortfolioEntry['status'];
    item: string;
    device_id: string | null;
    agent: string | null;
    written_off_minor: number | null;
    village_id: string;
    village: string;
    grid: string;
  }[];
  const entries: Entry[] = rows.map((r) => {
    const s = r.status === 'active' ? standing.get(r.id) : undefined;
    return {
      status: r.status,
      outstanding: s?.outstanding ?? 0,
      daysLate: s?.daysLate ?? 0,
      writtenOff: r.written_off_minor ?? 0,
      due: due.get(r.id) ?? 0,
      collected: collected.get(r.id) ?? 0,
      // What was sold: a lockable item's name ends with its serial, which is left out.
      product: r.device_id ? r.item.replace(/ \S+$/, '') : r.item,
      villageId: r.village_id,
      // Village names repeat between mini-grids: the mini-grid tells them apart.
      village: `${r.village} (${r.grid})`,
      agent: r.agent,
    };
  });
  const total = groupView(summarisePortfolio(entries));
  const by = (keyOf: (e: Entry) => string | null, nameOf: (key: string | null) => string | null) =>
    portfolioBreakdown(entries, keyOf).map((g) => ({ name: nameOf(g.name), ...groupView(g) }));
  const villageNames = new Map(entries.map((e) => [e.villageId, e.village]));
  return {
    asOf,
    ...total,
    collection: { from, to: asOf, ...total.collection },
    byProduct: by(
      (e) => e.product,
      (k) => k,
    ),
    byVillage: by(
      (e) => e.villageId,
      (k) => (k === null ? null : (villageNames.get(k) ?? k)),
    ),
    byAgent: by(
      (e) => e.agent,
      (k) => k,
    ),
  };
}

export const portfolio: Handler<'contracts.portfolio'> = (ctx, input) =>
  portfolioFigures(ctx, input.asOf ?? today(ctx));

export const portfolioPdf: Handler<'contracts.portfolioPdf'> = (ctx, input) => {
  const asOf = input.asOf ?? today(ctx);
  const figures = portfolioFigures(ctx, asOf);
  const bytes = renderPortfolioPdf(figures, readSettings(ctx.db), new Date(ctx.clock.nowIso()));
  noteAudit(ctx, `Printed the contract portfolio of ${asOf}`, []);
  return { fileName: `portfolio-${asOf}.pdf`, pdfBase64: bytes.toString('base64') };
};
